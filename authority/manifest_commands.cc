#include "authority/manifest_commands.h"

#include <filesystem>

#include "authority/manifest_source.h"
#include "authority/manifest_template.h"
#include "cli/cli.h"
#include "status/status.h"

namespace urne::authority {

absl::Status AdminManifestNew(const std::string& kind, const std::string& lang,
                              const std::string& time_zone, const std::string& out_path, bool force,
                              AdminIo io) {
  URNE_ASSIGN_OR_RETURN(std::string text, ManifestTemplate(kind, lang, time_zone));
  std::error_code ec;
  if (!force && std::filesystem::exists(out_path, ec)) {
    return Invalid(
        "file.exists",
        Text{Cat(out_path, " already exists; nothing was written (--force replaces it)"),
             Cat(out_path, " existe déjà ; rien n'a été écrit (--force pour le remplacer)")});
  }
  URNE_RETURN_IF_ERROR(cli::WriteFileAtomic(out_path, text));
  io.out << (lang == "fr"
                 ? Cat("manifeste de départ (", kind, ") écrit dans ", out_path,
                       " : modifiez-le, puis `urne-admin manifest check ", out_path, "`\n")
                 : Cat("starting manifest (", kind, ") written to ", out_path,
                       ": edit it, then run `urne-admin manifest check ", out_path, "`\n"));
  return absl::OkStatus();
}

absl::Status AdminManifestCheck(const std::string& path, const std::string& lang, AdminIo io) {
  URNE_ASSIGN_OR_RETURN(std::string text, cli::ReadTextFile(path));
  ManifestSource source = ReadManifestSource(text, lang, /*keys_required=*/false);
  const bool fr = lang == "fr";
  if (!source.problems.empty()) {
    io.err << FormatManifestProblems(path, source, lang);
    return Invalid("manifest.invalid",
                   Text{Cat(path, ": ", source.problems.size(), " problem(s)"),
                        Cat(path, " : ", source.problems.size(), " problème(s)")});
  }
  io.out << (fr ? Cat(path, " : aucun problème.\n") : Cat(path, ": no problem found.\n"));
  if (source.keys_missing) {
    io.out << (fr ? "Les clés (autorité, tableau, garants) restent à remplir : `urne-admin "
                    "manifest --template " +
                        path +
                        " --authority-key … --board-key … --trustee NOM:SIGNHEX:BOXHEX … "
                        "--threshold T --out M.json`.\n"
                  : "The keys (authority, board, trustees) are still to fill: `urne-admin "
                    "manifest --template " +
                        path +
                        " --authority-key … --board-key … --trustee NAME:SIGNHEX:BOXHEX … "
                        "--threshold T --out M.json`.\n");
  }
  return absl::OkStatus();
}

}  // namespace urne::authority
