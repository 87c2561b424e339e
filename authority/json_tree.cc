#include "authority/json_tree.h"

#include <algorithm>
#include <cstdint>

#include "crypto/bytes.h"
#include "status/status.h"

namespace urne::authority {
namespace {

constexpr int kMaxDepth = 64;

class Parser {
 public:
  Parser(const std::string& text, const std::string& lang) : s_(text), fr_(lang == "fr") {}

  absl::StatusOr<JsonValue> Document() {
    if (s_.compare(0, 3, "\xEF\xBB\xBF") == 0) i_ = 3;  // a byte-order mark, as editors write
    SkipSpace();
    if (!error_.empty()) return Fail();
    JsonValue v;
    if (!Value(v, 0)) return Fail();
    SkipSpace();
    if (error_.empty() && i_ < s_.size()) {
      Error(fr_ ? "texte en trop après la fin du document" : "text after the end of the document");
    }
    if (!error_.empty()) return Fail();
    return v;
  }

 private:
  absl::Status Fail() const {
    return Invalid("json.syntax",
                   Cat(fr_ ? "ligne " : "line ", err_at_.line, fr_ ? ", colonne " : ", column ",
                       err_at_.column, fr_ ? " : " : ": ", error_));
  }
  void Error(const std::string& what) {
    if (!error_.empty()) return;
    error_ = what;
    err_at_ = Here();
  }
  TextPosition Here() const { return pos_; }
  char Peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  // Moves past one character (a whole UTF-8 sequence: the text was checked to be UTF-8).
  void Advance() {
    if (i_ >= s_.size()) return;
    const auto c = static_cast<unsigned char>(s_[i_]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    i_ = std::min(s_.size(), i_ + len);
    if (c == '\n') {
      ++pos_.line;
      pos_.column = 1;
    } else {
      ++pos_.column;
    }
  }
  void SkipSpace() {
    for (;;) {
      char c = Peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        Advance();
      } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '/') {
        while (i_ < s_.size() && Peek() != '\n') Advance();
      } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '*') {
        TextPosition start = Here();
        Advance();
        Advance();
        while (i_ < s_.size() && !(Peek() == '*' && i_ + 1 < s_.size() && s_[i_ + 1] == '/')) {
          Advance();
        }
        if (i_ >= s_.size()) {
          err_at_ = start;
          error_ = fr_ ? "ce commentaire /* n'est jamais fermé par */"
                       : "this /* comment is never closed with */";
          return;
        }
        Advance();
        Advance();
      } else {
        return;
      }
    }
  }
  bool Literal(const char* word) {
    size_t n = std::char_traits<char>::length(word);
    if (s_.compare(i_, n, word) != 0) return false;
    for (size_t k = 0; k < n; ++k) Advance();
    return true;
  }
  bool Value(JsonValue& v, int depth) {
    if (depth > kMaxDepth) {
      Error(fr_ ? "trop d'imbrications" : "nested too deeply");
      return false;
    }
    v.at = Here();
    char c = Peek();
    if (c == '{') return Object(v, depth);
    if (c == '[') return Array(v, depth);
    if (c == '"') {
      v.kind = JsonValue::Kind::kString;
      return String(v.text);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return Number(v);
    if (Literal("true") || Literal("false")) {
      v.kind = JsonValue::Kind::kBool;
      v.boolean = c == 't';
      return true;
    }
    if (Literal("null")) return true;
    if (c == '\'') {
      Error(fr_ ? "les textes s'écrivent entre guillemets droits \"…\", pas entre apostrophes"
                : "texts are written in double quotes \"…\", not single quotes");
    } else if (c == '\0') {
      Error(fr_ ? "le document s'arrête là où une valeur est attendue"
                : "the document ends where a value is expected");
    } else {
      Error(fr_ ? "une valeur est attendue ici (un texte entre guillemets, un nombre, true, "
                  "false, [ … ] ou { … })"
                : "a value is expected here (a text in double quotes, a number, true, false, "
                  "[ … ] or { … })");
    }
    return false;
  }
  bool Object(JsonValue& v, int depth) {
    v.kind = JsonValue::Kind::kObject;
    Advance();  // {
    SkipSpace();
    if (Peek() == '}') {
      Advance();
      return true;
    }
    for (;;) {
      SkipSpace();
      if (!error_.empty()) return false;
      if (Peek() == '}') {
        Error(fr_ ? "une virgule en trop avant }" : "a comma too many before }");
        return false;
      }
      if (Peek() != '"') {
        Error(fr_ ? "un nom de champ entre guillemets est attendu ici"
                  : "a field name in double quotes is expected here");
        return false;
      }
      JsonValue::Member m;
      m.at = Here();
      if (!String(m.name)) return false;
      SkipSpace();
      if (Peek() != ':') {
        Error(fr_ ? "il manque « : » après le nom du champ"
                  : "a ':' is missing after the field name");
        return false;
      }
      Advance();
      SkipSpace();
      if (!error_.empty() || !Value(m.value, depth + 1)) return false;
      v.members.push_back(std::move(m));
      const TextPosition after = Here();  // where a missing comma goes
      SkipSpace();
      if (!error_.empty()) return false;
      if (Peek() == ',') {
        Advance();
        continue;
      }
      if (Peek() == '}') {
        Advance();
        return true;
      }
      Error(fr_ ? "il manque une virgule ou } après cette valeur"
                : "a comma or } is missing after this value");
      err_at_ = after;
      return false;
    }
  }
  bool Array(JsonValue& v, int depth) {
    v.kind = JsonValue::Kind::kArray;
    Advance();  // [
    SkipSpace();
    if (Peek() == ']') {
      Advance();
      return true;
    }
    for (;;) {
      SkipSpace();
      if (!error_.empty()) return false;
      if (Peek() == ']') {
        Error(fr_ ? "une virgule en trop avant ]" : "a comma too many before ]");
        return false;
      }
      JsonValue item;
      if (!Value(item, depth + 1)) return false;
      v.items.push_back(std::move(item));
      const TextPosition after = Here();
      SkipSpace();
      if (!error_.empty()) return false;
      if (Peek() == ',') {
        Advance();
        continue;
      }
      if (Peek() == ']') {
        Advance();
        return true;
      }
      Error(fr_ ? "il manque une virgule ou ] après cette valeur"
                : "a comma or ] is missing after this value");
      err_at_ = after;
      return false;
    }
  }
  static void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  bool Hex4(uint32_t& out) {
    out = 0;
    for (int k = 0; k < 4; ++k) {
      char c = Peek();
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) {
        Error(fr_ ? "\\u est suivi de quatre chiffres hexadécimaux"
                  : "\\u is followed by four hexadecimal digits");
        return false;
      }
      out = out * 16 + static_cast<uint32_t>(d);
      ++i_;
      ++pos_.column;
    }
    return true;
  }
  bool String(std::string& out) {
    TextPosition start = Here();
    Advance();  // "
    for (;;) {
      if (i_ >= s_.size() || Peek() == '\n') {
        err_at_ = start;
        error_ = fr_ ? "ce texte n'est pas fermé par un guillemet \" sur la même ligne"
                     : "this text is not closed by a \" on the same line";
        return false;
      }
      const auto c = static_cast<unsigned char>(Peek());
      if (c == '"') {
        Advance();
        return true;
      }
      if (c < 0x20) {
        Error(fr_ ? "caractère de contrôle dans un texte (écrire \\t ou \\n)"
                  : "control character inside a text (write \\t or \\n)");
        return false;
      }
      if (c == '\\') {
        Advance();
        char e = Peek();
        const char* simple = "\"\\/bfnrt";
        const char* mapped = "\"\\/\b\f\n\r\t";
        const char* at = e ? std::char_traits<char>::find(simple, 8, e) : nullptr;
        if (at != nullptr) {
          out.push_back(mapped[at - simple]);
          Advance();
          continue;
        }
        if (e != 'u') {
          Error(fr_ ? "séquence d'échappement inconnue après \\" : "unknown escape after \\");
          return false;
        }
        Advance();
        uint32_t cp;
        if (!Hex4(cp)) return false;
        if (cp >= 0xD800 && cp < 0xDC00) {
          uint32_t low;
          if (Peek() != '\\' || (Advance(), Peek() != 'u') || (Advance(), !Hex4(low)) ||
              low < 0xDC00 || low > 0xDFFF) {
            Error(fr_ ? "demi-caractère \\u sans sa seconde moitié"
                      : "half a \\u character without its second half");
            return false;
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp < 0xE000) {
          Error(fr_ ? "demi-caractère \\u sans sa première moitié"
                    : "half a \\u character without its first half");
          return false;
        }
        AppendUtf8(out, cp);
        continue;
      }
      // Copy one UTF-8 character (the caller checked the whole text is UTF-8).
      size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      out.append(s_, i_, len);
      Advance();
    }
  }
  bool Number(JsonValue& v) {
    v.kind = JsonValue::Kind::kNumber;
    size_t start = i_;
    if (Peek() == '-') Advance();
    if (Peek() < '0' || Peek() > '9') {
      Error(fr_ ? "un nombre est attendu après -" : "a number is expected after -");
      return false;
    }
    if (Peek() == '0' && i_ + 1 < s_.size() && s_[i_ + 1] >= '0' && s_[i_ + 1] <= '9') {
      Error(fr_ ? "un nombre ne commence pas par 0" : "a number does not start with 0");
      return false;
    }
    while (Peek() >= '0' && Peek() <= '9') Advance();
    if (Peek() == '.') {
      Advance();
      if (Peek() < '0' || Peek() > '9') {
        Error(fr_ ? "un chiffre est attendu après le point"
                  : "a digit is expected after the point");
        return false;
      }
      while (Peek() >= '0' && Peek() <= '9') Advance();
    }
    if (Peek() == 'e' || Peek() == 'E') {
      Advance();
      if (Peek() == '+' || Peek() == '-') Advance();
      if (Peek() < '0' || Peek() > '9') {
        Error(fr_ ? "un exposant est attendu" : "an exponent is expected");
        return false;
      }
      while (Peek() >= '0' && Peek() <= '9') Advance();
    }
    v.text = s_.substr(start, i_ - start);
    return true;
  }

  const std::string& s_;
  bool fr_;
  size_t i_ = 0;
  TextPosition pos_;
  std::string error_;
  TextPosition err_at_;
};

bool IsUtf8(const std::string& s, size_t& bad_offset) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size() || (n == 2 && c < 0xC2)) {
      bad_offset = i;
      return false;
    }
    uint32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
    for (size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) {
        bad_offset = i;
        return false;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      bad_offset = i;
      return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

absl::StatusOr<JsonValue> ParseJsonTree(const std::string& text, const std::string& lang) {
  size_t bad = 0;
  if (!IsUtf8(text, bad)) {
    int line = 1;
    for (size_t k = 0; k < bad; ++k) line += text[k] == '\n';
    const std::string byte = ToHex(AsBytes(text.substr(bad, 1)));
    const Text both{Cat("line ", line, ": the file is not UTF-8 (byte 0x", byte,
                        "); save it as UTF-8 from your editor"),
                    Cat("ligne ", line, " : le fichier n'est pas en UTF-8 (octet 0x", byte,
                        ") ; enregistrez-le en UTF-8 depuis votre éditeur")};
    // The message in `lang` (the manifest listing reads it), the other language alongside.
    return Invalid("json.encoding", lang == "fr" ? Text{both.fr, both.fr} : both);
  }
  Parser p(text, lang);
  return p.Document();
}

}  // namespace urne::authority
