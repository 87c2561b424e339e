#include "authority/letters.h"

#include <sodium.h>

#include <string>

#include "authority/document_text.h"
#include "authority/messages.h"
#include "cli/local_time.h"
#include "status/status.h"

namespace urne::authority {

void WipeText(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

absl::StatusOr<std::string> CheckBoothUrl(const std::string& url) {
  if (url.empty()) return url;  // no hosted booth: the letters name urne-vote only
  constexpr std::string_view kScheme = "https://";
  auto bad = [&](AdminMsg why) {
    const std::string shown = url.substr(0, 120);
    return RefuseWith(AdminMsg::kBoothUrl,
                      Text{SayIn(AdminMsg::kBoothUrl, "en", {shown, SayIn(why, "en")}),
                           SayIn(AdminMsg::kBoothUrl, "fr", {shown, SayIn(why, "fr")})});
  };
  if (url.rfind(kScheme, 0) != 0) return bad(AdminMsg::kBoothUrlScheme);
  const std::string rest = url.substr(kScheme.size());
  if (rest.empty() || rest[0] == '/' || rest[0] == ':') return bad(AdminMsg::kBoothUrlHost);
  for (unsigned char ch : rest) {
    if (ch <= ' ' || ch >= 0x7f || ch == '#' || ch == '?' || ch == '"' || ch == '\'' || ch == '<' ||
        ch == '>' || ch == '\\') {
      return bad(AdminMsg::kBoothUrlCharacters);
    }
  }
  if (url.size() > 200) return bad(AdminMsg::kBoothUrlLength);
  return rest.find('/') == std::string::npos || url.back() != '/' ? url + "/" : url;
}

std::string LettersDocumentStart(const v1::Manifest& m, const std::string& title) {
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + HtmlEscape(m.title().fr()) + " — " + HtmlEscape(title) + "</title>\n";
  h += PageStyle();
  // Each letter starts a new printed page.
  h += "\n<style>.letter+.letter{break-before:page;page-break-before:always}</style>\n";
  h += "</head>\n<body>\n";
  return h;
}

std::string LettersDocumentEnd() { return "</body>\n</html>\n"; }

std::string RenderLetter(const LetterContext& c, const Voter& voter,
                         const std::string& display_code) {
  std::string body = RenderLetterBody(c, voter, display_code);
  std::string h = LettersDocumentStart(c.manifest, voter.name) + body + LettersDocumentEnd();
  WipeText(body);
  return h;
}

std::string RenderLetterBody(const LetterContext& c, const Voter& voter,
                             const std::string& display_code) {
  const v1::Manifest& m = c.manifest;
  std::string id = ToHex(c.election);
  std::string groups;
  size_t start = 0;
  while (start <= display_code.size()) {
    size_t dash = display_code.find('-', start);
    if (dash == std::string::npos) dash = display_code.size();
    groups += "<span>" + HtmlEscape(display_code.substr(start, dash - start)) + "</span>";
    start = dash + 1;
  }
  std::string vote_cmd = Cat("urne-vote cast --board ", c.board, " --election ", id);
  const bool hosted = !c.booth_url.empty();
  const std::string link = Cat(c.booth_url, "#", id);
  const std::string link_html = Cat(R"(<p class="mono link"><a href=")", HtmlEscape(link), "\">",
                                    HtmlEscape(link), "</a></p>\n");
  std::string check_cmd = Cat("urne-vote check --board ", c.board, " --election ", id);
  std::string questions_fr;
  std::string questions_en;
  for (const auto& q : m.questions()) {
    questions_fr += "<li>" + HtmlEscape(q.title().fr()) + "</li>";
    questions_en += "<li>" + HtmlEscape(q.title().en()) + "</li>";
  }
  std::string h = "<section class=\"letter\">\n";
  h += "<p class=\"muted\">" + HtmlEscape(m.organiser().fr()) + " · <span lang=\"en\">" +
       HtmlEscape(m.organiser().en()) + "</span></p>\n";
  h += "<p class=\"address\">" + HtmlEscape(voter.name) + "\n" + HtmlEscape(voter.postal_address) +
       "</p>\n";
  h += "<h1>" + HtmlEscape(m.title().fr()) + "</h1>\n";
  h += "<p lang=\"en\"><strong>" + HtmlEscape(m.title().en()) + "</strong></p>\n";
  h += "<p>Votre code de vote personnel · <span lang=\"en\">Your personal voting code</span>"
       "</p>\n";
  h += R"(<p class="code" aria-label="code">)" + groups + "</p>\n";
  h += "<div class=\"lang\">\n<h2>Comment voter</h2>\n";
  h += "<p>Vous pouvez voter du <strong>" +
       cli::FormatLocalTime(m.opens_at(), m.time_zone(), "fr") + "</strong> au <strong>" +
       cli::FormatLocalTime(m.closes_at(), m.time_zone(), "fr") +
       "</strong> (le scrutin est ouvert et clos par l'autorité, qui l'annonce).</p>\n";
  h += "<p>Questions posées :</p><ul>" + questions_fr + "</ul>\n";
  if (hosted) {
    h += "<p>Ouvrez l'adresse suivante dans n'importe quel navigateur, sur ordinateur ou "
         "téléphone, puis saisissez le code ci-dessus quand il vous est demandé (les tirets et "
         "la casse sont sans importance ; le dernier caractère détecte les fautes de "
         "frappe) :</p>\n";
    h += link_html;
    h += "<p>Sans navigateur, l'application urne-vote fait de même : <span class=\"mono\">" +
         HtmlEscape(vote_cmd) + "</span></p>\n";
  } else {
    h += "<p>Votez avec l'application urne-vote et la commande suivante, puis saisissez le "
         "code ci-dessus quand il vous est demandé (les tirets et la casse sont sans "
         "importance ; le dernier caractère détecte les fautes de frappe) :</p>\n";
    h += "<p class=\"mono\">" + HtmlEscape(vote_cmd) + "</p>\n";
  }
  h += "<p>Ne communiquez ce code à personne : il vaut signature. Vous pouvez voter à nouveau "
       "tant que le scrutin est ouvert" +
       std::string(m.revote_policy() == v1::SINGLE_BALLOT
                       ? " — non : ce scrutin n'accepte qu'un seul bulletin par électeur."
                       : " ; seul votre dernier bulletin compte.") +
       "</p>\n";
  h += "<h2>Vérifier votre bulletin</h2>\n<p>Après avoir voté, l'isoloir affiche un <strong>"
       "code de suivi</strong>. Notez-le : pendant et après le scrutin, la même commande "
       "vérifie que votre bulletin, chiffré, figure sur le registre public et qu'il est "
       "compté. Avant de déposer, vous pouvez aussi demander à l'isoloir de prouver qu'il a "
       "bien chiffré votre choix (audit) ; ce bulletin d'essai n'est jamais compté.</p>\n";
  h += "<h2>Si vous ne votez pas</h2>\n<p>Même sans voter, vous pouvez vérifier à tout moment, "
       "pendant ou après le scrutin, qu'aucun bulletin n'a été déposé en votre nom. Lancez "
       "<span class=\"mono check\">" +
       HtmlEscape(check_cmd) + "</span>" +
       (hosted ? std::string(
                     " (ou « Un bulletin a-t-il été déposé avec mon code ? » sur la page du vote)")
               : std::string()) +
       " et saisissez le code ci-dessus quand il vous est demandé (il ne quitte pas "
       "votre ordinateur). Si un bulletin apparaît alors que vous n'avez pas voté, signalez-le "
       "à " +
       HtmlEscape(m.organiser().fr()) +
       " en indiquant le numéro d'entrée affiché, et gardez cette lettre.</p>\n</div>\n";
  h += "<div class=\"lang\" lang=\"en\">\n<h2>How to vote</h2>\n";
  h += "<p>You can vote from <strong>" + cli::FormatLocalTime(m.opens_at(), m.time_zone(), "en") +
       "</strong> to <strong>" + cli::FormatLocalTime(m.closes_at(), m.time_zone(), "en") +
       "</strong> (the authority opens and closes the vote and announces it).</p>\n";
  h += "<p>Questions asked:</p><ul>" + questions_en + "</ul>\n";
  if (hosted) {
    h += "<p>Open the address below in any web browser, on a computer or a phone, then type the "
         "code above when asked (dashes and letter case do not matter; the last character "
         "catches typing mistakes):</p>\n";
    h += link_html;
    h += "<p>Without a browser, the urne-vote program does the same: <span class=\"mono\">" +
         HtmlEscape(vote_cmd) + "</span></p>\n";
  } else {
    h += "<p>Vote with the urne-vote program and the command below, then type the code above "
         "when asked (dashes and letter case do not matter; the last character catches typing "
         "mistakes):</p>\n";
    h += "<p class=\"mono\">" + HtmlEscape(vote_cmd) + "</p>\n";
  }
  h += "<p>Do not share this code with anyone: it is your signature. " +
       std::string(m.revote_policy() == v1::SINGLE_BALLOT
                       ? "This votation accepts one ballot per voter only."
                       : "You may vote again while the vote is open; only your last ballot "
                         "counts.") +
       "</p>\n";
  h += "<h2>Check your ballot</h2>\n<p>After you vote, the booth shows a <strong>tracking "
       "code</strong>. Write it down: during and after the vote, the same command checks that "
       "your encrypted ballot is on the public record and is counted. Before casting, you may "
       "also ask the booth to prove it encrypted your choice faithfully (audit); that test "
       "ballot is never counted.</p>\n";
  h += "<h2>If you do not vote</h2>\n<p>Even without voting, you can check at any time, during "
       "or after the vote, that no ballot was cast in your name. Run <span class=\"mono "
       "check\">" +
       HtmlEscape(check_cmd) + "</span>" +
       (hosted ? std::string(" (or \"Was a ballot cast with my code?\" on the voting page)")
               : std::string()) +
       " and type the code above when asked (it never leaves your computer). If a "
       "ballot appears although you did not vote, report it to " +
       HtmlEscape(m.organiser().en()) +
       ", giving the entry number shown, and keep this letter.</p>\n</div>\n";
  h += "<p class=\"muted\">Référence · <span lang=\"en\">Reference</span> : " +
       HtmlEscape(m.reference()) +
       " — scrutin · <span lang=\"en\">election</span> <strong "
       "class=\"mono\">" +
       id.substr(0, 16) + "</strong> (" + id +
       ")</p>\n<p class=\"muted\">Lettre perdue ou volée : pendant le vote, la mairie la remplace "
       "sur demande ; l'ancien code cesse alors de fonctionner et le remplacement est public. · "
       "<span lang=\"en\">Lost or stolen letter: during the vote, the town replaces it on "
       "request; the old code then stops working and the replacement is public.</span></p>\n"
       "</section>\n";
  WipeText(groups);
  return h;
}

std::string LettersFileName(size_t file_index, size_t voters) {
  if (voters <= kLettersPerFile) return "letters.html";
  std::string number = std::to_string(file_index + 1);
  if (number.size() < 3) number.insert(0, 3 - number.size(), '0');
  return Cat("letters-", number, ".html");
}

std::string LettersCsvHeader() {
  return "id,name,postal_address,notes,credential_code,letter_file,letter_number,election_id,"
         "booth_link,opens_fr,closes_fr,opens_en,closes_en\r\n";
}

std::string LettersCsvCommon(const LetterContext& c) {
  const v1::Manifest& m = c.manifest;
  const std::string id = ToHex(c.election);
  return Cat(",", id, ",", CsvField(c.booth_url.empty() ? "" : Cat(c.booth_url, "#", id)), ",",
             CsvField(cli::FormatLocalTime(m.opens_at(), m.time_zone(), "fr")), ",",
             CsvField(cli::FormatLocalTime(m.closes_at(), m.time_zone(), "fr")), ",",
             CsvField(cli::FormatLocalTime(m.opens_at(), m.time_zone(), "en")), ",",
             CsvField(cli::FormatLocalTime(m.closes_at(), m.time_zone(), "en")));
}

std::string LettersCsvRow(const Voter& v, const std::string& display_code,
                          const std::string& letter_file, size_t letter_number,
                          const std::string& common) {
  return Cat(CsvField(v.id), ",", CsvField(v.name), ",", CsvField(v.postal_address), ",",
             CsvField(v.notes), ",", display_code, ",", CsvField(letter_file), ",", letter_number,
             common, "\r\n");
}

}  // namespace urne::authority
