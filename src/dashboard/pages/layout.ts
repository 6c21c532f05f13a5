import { escapeXml as e } from '../../reporters/format.js';
import { WATCH_PANEL_CSS } from './watch-panel.js';

/**
 * The dashboard's page shell: server-rendered, no build step, no external asset, readable on a
 * phone. The only script is /assets/live.js (allowed by the CSP as 'self'), and pages work without it.
 */
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
header.top{background:#24292f;color:#fff;padding:10px 0}
header.top>div,main{max-width:1080px;margin:0 auto;padding:0 14px}
header.top a{color:#fff;text-decoration:none;font-weight:600}
h1{font-size:1.4rem;margin:16px 0 8px;overflow-wrap:anywhere}h2{font-size:1.15rem;margin:22px 0 8px}
a{color:#0969da}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 14px;margin:0 0 12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
.v{display:inline-block;border-radius:10px;padding:0 9px;font-size:.82rem;font-weight:600;color:#fff;white-space:nowrap}
.v-passed{background:#1a7f37}.v-warning{background:#9a6700}.v-critical,.v-deployment_failed{background:#cf222e}.v-running,.v-awaiting{background:#0969da}.v-none,.v-aborted{background:#8c959f}
.dim{color:#59636e}.warn{color:#9a6700;font-weight:600}.bad{color:#cf222e;font-weight:600}
.name{font-weight:600;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d0d7de;border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eaeef2;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa;font-size:.85rem}
.awaiting{border:2px solid #0969da;background:#ddf4ff}
.awaiting form{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-top:8px}
input{font:inherit;padding:6px 8px;border:1px solid #d0d7de;border-radius:6px;min-width:0}
button{font:inherit;font-weight:600;border:0;border-radius:6px;padding:8px 16px;color:#fff;cursor:pointer}
button.approve{background:#cf222e}button.deny{background:#57606a}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eff1f3;border-radius:4px;padding:1px 4px;overflow-wrap:anywhere}
.filters a{margin-right:12px}
svg.trend{display:block;width:100%;height:48px}svg.trend polyline{fill:none;stroke:#0969da;stroke-width:1.5}
svg.trend line.good{stroke:#1a7f37;stroke-dasharray:4 3}svg.trend circle.bad{fill:#cf222e}
.chart-box{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 12px;overflow-x:auto}
svg.chart{display:block;font-size:12px}
svg .bar.ok{fill:#2da44e}svg .bar.bad{fill:#cf222e}svg .bar.warn{fill:#d4a72c}svg .bar.none{fill:#8c959f}
svg .bar-label{fill:#1f2328}svg .axis{fill:#59636e;font-size:11px}svg .tick,svg .baseline{stroke:#8c959f}
svg .marker line{stroke-width:1.5;stroke-dasharray:4 3;stroke:#8250df}svg .marker text{font-size:11px;font-weight:600;fill:#8250df}
.notice{padding:8px 12px;border-radius:6px;margin:10px 0;background:#dafbe1}.notice.error{background:#ffebe9}
nav.pages{margin:10px 0}
@media (max-width:640px){.hide-phone{display:none}th,td{padding:5px;font-size:.85rem}td .v{white-space:normal}}
`;

export interface PageOptions {
  title: string;
  body: string;
  /** The URL live.js polls and the state it compares with: the page reloads when it changes. */
  live?: { url: string; state: string };
}

export function layout(o: PageOptions): string {
  const live = o.live ? ` data-live="${e(o.live.url)}" data-state="${e(o.live.state)}"` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(o.title)} · smokeguard</title>
<style>${CSS}${WATCH_PANEL_CSS}</style>
${o.live ? '<script src="/assets/live.js" defer></script>' : ''}
</head>
<body${live}>
<header class="top"><div><a href="/">smokeguard</a> <span class="dim">dashboard</span></div></header>
<main>
${o.body}
</main>
</body>
</html>
`;
}
