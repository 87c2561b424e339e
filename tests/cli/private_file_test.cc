// Tests of cli/private_file.h: exclusive creation, permissions, no overwrite, nothing left
// behind on failure.
#include "cli/private_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "status/status.h"

namespace urne::cli {
namespace {

namespace fs = std::filesystem;

class PrivateFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/urne-private-file-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  size_t FilesInDir() {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++n;
    return n;
  }
  std::string dir_;
};

TEST_F(PrivateFileTest, CreatesWithTheDataAndMode0600) {
  std::string path = dir_ + "/key";
  ASSERT_TRUE(CreatePrivateFile(path, std::string("secret\n")).ok());
  EXPECT_EQ(Read(path), "secret\n");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(FilesInDir(), 1u);  // no temporary file left
}

TEST_F(PrivateFileTest, ModeIsThePermissionAskedForNotTheUmasks) {
  std::string path = dir_ + "/public";
  mode_t old = ::umask(077);
  absl::Status s = CreatePrivateFile(path, std::string("x"), 0644);
  ::umask(old);
  ASSERT_TRUE(s.ok()) << s;
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST_F(PrivateFileTest, NeverOverwritesAnExistingFile) {
  std::string path = dir_ + "/key";
  ASSERT_TRUE(CreatePrivateFile(path, std::string("first")).ok());
  absl::Status s = CreatePrivateFile(path, std::string("second"));
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(s), "file.exists");
  EXPECT_EQ(Read(path), "first");
  EXPECT_EQ(FilesInDir(), 1u);
}

TEST_F(PrivateFileTest, NeverReplacesASymlinkOrADirectory) {
  fs::create_directory(dir_ + "/sub");
  EXPECT_EQ(ReasonOf(CreatePrivateFile(dir_ + "/sub", std::string("x"))), "file.exists");
  fs::create_symlink(dir_ + "/elsewhere", dir_ + "/link");
  EXPECT_EQ(ReasonOf(CreatePrivateFile(dir_ + "/link", std::string("x"))), "file.exists");
  EXPECT_FALSE(fs::exists(dir_ + "/elsewhere"));
}

TEST_F(PrivateFileTest, MissingFolderIsUnwritable) {
  absl::Status s = CreatePrivateFile(dir_ + "/no/such/folder/key", std::string("x"));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(s), "file.unwritable");
  EXPECT_EQ(FilesInDir(), 0u);
}

TEST_F(PrivateFileTest, ReplaceWritesThenReplacesWholeLeavingNoTemporaryFile) {
  std::string path = dir_ + "/head";
  ASSERT_TRUE(ReplacePrivateFile(path, std::string("first\n")).ok());
  EXPECT_EQ(Read(path), "first\n");
  ASSERT_TRUE(ReplacePrivateFile(path, std::string("second, longer\n")).ok());
  EXPECT_EQ(Read(path), "second, longer\n");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(FilesInDir(), 1u);
  absl::Status s = ReplacePrivateFile(dir_ + "/no/such/folder/head", std::string("x"));
  EXPECT_EQ(ReasonOf(s), "file.unwritable");
  EXPECT_EQ(Read(path), "second, longer\n");  // nothing else changed
  EXPECT_EQ(FilesInDir(), 1u);
}

}  // namespace
}  // namespace urne::cli
