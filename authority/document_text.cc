#include "authority/document_text.h"

namespace urne::authority {

const char* PageStyle() {
  return R"(<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111;
background:#fff;line-height:1.5;font-size:12pt;max-width:48rem;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin-top:1.6rem;border-bottom:2px solid #1a4a7a}
.code{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:2rem;font-weight:bold;
letter-spacing:.08em;border:3px solid #111;padding:.6rem 1rem;display:inline-block;margin:.5rem 0}
.code span{margin-right:.6em}.muted{color:#333}.mono{font-family:monospace;word-break:break-all}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #555;padding:.25rem .6rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.lang{border-left:4px solid #1a4a7a;padding-left:1rem;margin:1rem 0}
.address{white-space:pre-line;margin:1rem 0 2rem 55%}
@media print{body{margin:0;font-size:11pt}.pagebreak{page-break-before:always}}
</style>)";
}

}  // namespace urne::authority
