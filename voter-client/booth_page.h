// The booth's page, embedded in the binary (no external assets): one HTML document, its
// style sheet and its script. French and English; built for keyboard and screen-reader use
// (WCAG 2.1 AA). The script talks only to the booth's JSON API (booth.h).
#ifndef URNE_VOTER_CLIENT_BOOTH_PAGE_H_
#define URNE_VOTER_CLIENT_BOOTH_PAGE_H_

namespace urne::voter {

extern const char kBoothHtml[];
extern const char kBoothCss[];
extern const char kBoothJs[];

}  // namespace urne::voter

#endif  // URNE_VOTER_CLIENT_BOOTH_PAGE_H_
