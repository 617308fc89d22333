import { css } from 'lit'

/** The dark palette: under theme="dark", and under prefers-color-scheme: dark unless theme="light". */
const darkPalette = css`
  --_bg: var(--callhook-bg, #0d1117);
  --_surface: var(--callhook-surface, #161b22);
  --_fg: var(--callhook-fg, #e6edf3);
  --_muted: var(--callhook-muted, #9198a1);
  --_border: var(--callhook-border, #3d444d);
  --_accent: var(--callhook-accent, #4493f8);
  --_accent-fg: var(--callhook-accent-fg, #0d1117);
  --_success: var(--callhook-success, #3fb950);
  --_danger: var(--callhook-danger, #f85149);
  --_warning: var(--callhook-warning, #d29922);
  color-scheme: dark;
`

/**
 * Themable through custom properties (--callhook-*) on the element or any ancestor; light by
 * default, dark under prefers-color-scheme: dark or theme="dark" (theme="light" forces light).
 */
export const portalStyles = css`
  :host {
    --_bg: var(--callhook-bg, #ffffff);
    --_surface: var(--callhook-surface, #f6f7f9);
    --_fg: var(--callhook-fg, #1b1f24);
    --_muted: var(--callhook-muted, #59636e);
    --_border: var(--callhook-border, #d1d9e0);
    --_accent: var(--callhook-accent, #0b5cd5);
    --_accent-fg: var(--callhook-accent-fg, #ffffff);
    --_success: var(--callhook-success, #1a7f37);
    --_danger: var(--callhook-danger, #cf222e);
    --_warning: var(--callhook-warning, #9a6700);
    --_radius: var(--callhook-radius, 6px);
    --_font: var(--callhook-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_mono: var(--callhook-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    display: block;
    color: var(--_fg);
    background: var(--_bg);
    font: 14px/1.45 var(--_font);
    color-scheme: light;
  }
  :host([theme='dark']) { ${darkPalette} }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) { ${darkPalette} }
  }
  * { box-sizing: border-box; }
  h1 { font-size: 20px; margin: 0; }
  h2 { font-size: 18px; margin: 0 0 12px; }
  h3 { font-size: 15px; margin: 0 0 8px; }
  h2:focus { outline: none; }
  a, .link { color: var(--_accent); }
  .link { background: none; border: 0; padding: 0; font: inherit; cursor: pointer; text-decoration: underline; text-align: left; }
  header { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; padding-bottom: 12px; margin-bottom: 16px; border-bottom: 1px solid var(--_border); }
  nav { display: flex; gap: 4px; }
  nav button[aria-current='page'] { background: var(--_surface); border-color: var(--_accent); }
  button, .button {
    font: inherit; color: var(--_fg); background: var(--_bg); border: 1px solid var(--_border);
    border-radius: var(--_radius); padding: 5px 12px; cursor: pointer;
  }
  button.primary { background: var(--_accent); color: var(--_accent-fg); border-color: var(--_accent); }
  button.danger { color: var(--_danger); }
  button:disabled { opacity: 0.6; cursor: progress; }
  :focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
  input, select, textarea {
    font: inherit; color: var(--_fg); background: var(--_bg); border: 1px solid var(--_border);
    border-radius: var(--_radius); padding: 5px 8px; max-width: 100%;
  }
  textarea, .mono, code, pre { font-family: var(--_mono); font-size: 12.5px; }
  input[aria-invalid='true'], textarea[aria-invalid='true'] { border-color: var(--_danger); }
  label { font-weight: 600; }
  .field { display: flex; flex-direction: column; gap: 4px; margin-bottom: 12px; }
  .field input[type='text'], .field input[type='url'], .field input[type='number'], .field input[type='password'], .field textarea, .field select { width: 100%; }
  .hint { color: var(--_muted); font-size: 12.5px; font-weight: normal; }
  .error { color: var(--_danger); font-size: 12.5px; }
  .card { background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); padding: 16px; margin-bottom: 16px; }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  .spread { display: flex; justify-content: space-between; align-items: center; gap: 8px; flex-wrap: wrap; }
  .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 0 16px; align-items: start; }
  dl.grid2 { gap: 8px 16px; margin: 0; }
  dd { margin: 2px 0 0; }
  .toast { position: fixed; z-index: 10; right: 16px; bottom: 16px; max-width: min(480px, calc(100vw - 32px)); background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); padding: 10px 14px; box-shadow: 0 4px 16px rgb(0 0 0 / 0.2); }
  table { width: 100%; border-collapse: collapse; }
  .table-wrap { overflow-x: auto; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--_border); vertical-align: top; }
  th { color: var(--_muted); font-weight: 600; font-size: 12.5px; }
  pre { background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); padding: 8px; overflow: auto; max-height: 360px; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
  .muted { color: var(--_muted); }
  .ok { color: var(--_success); }
  .bad { color: var(--_danger); }
  .warn { color: var(--_warning); }
  .status { display: inline-flex; align-items: flex-start; gap: 4px; }
  .status .icon { flex: none; margin-top: 3px; }
  .nowrap { white-space: nowrap; }
  .badge { display: inline-block; border: 1px solid var(--_border); border-radius: 999px; padding: 0 8px; font-size: 12px; margin: 1px; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  fieldset { border: 1px solid var(--_border); border-radius: var(--_radius); margin: 0 0 12px; padding: 8px 12px; }
  legend { font-weight: 600; padding: 0 4px; }
  .checks { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 6px 16px; }
  .checks label { font-weight: normal; display: flex; gap: 6px; align-items: flex-start; }
  .switch { appearance: none; width: 34px; height: 20px; border-radius: 10px; background: var(--_border); position: relative; cursor: pointer; border: 0; padding: 0; margin: 0; }
  .switch::after { content: ''; position: absolute; top: 2px; left: 2px; width: 16px; height: 16px; border-radius: 50%; background: var(--_bg); transition: left 0.15s; }
  .switch:checked { background: var(--_success); }
  .switch:checked::after { left: 16px; }
  .switch-label { display: inline-flex; align-items: center; gap: 8px; }
  details > summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
  details.event-type { border-bottom: 1px solid var(--_border); padding: 2px 0; }
  details.event-type > summary { font-weight: normal; }
  details.event-type h3 { display: inline; font-size: 14px; margin: 0 8px 0 0; }
  svg text { fill: var(--_muted); font-size: 10px; }
  .legend-ok { fill: var(--_success); }
  .legend-bad { fill: var(--_danger); }
  .line-p50 { stroke: var(--_accent); fill: none; stroke-width: 1.5; }
  .line-p95 { stroke: var(--_warning); fill: none; stroke-width: 1.5; stroke-dasharray: 3 2; }
  .dot-p50 { fill: var(--_accent); }
  .dot-p95 { fill: var(--_warning); }
  .sparkline { display: inline-flex; gap: 6px; align-items: center; white-space: nowrap; }
  .axis { stroke: var(--_border); }
`
