// Package webui is actorflow's web UI: a single page (vanilla JavaScript, no build step) and
// its assets, embedded in the binary, that talks only to the REST API under /api/v1 (and to
// /api/v1/instances/{id}/log/events for live logs). The graph layout library (@dagrejs/dagre,
// MIT) is vendored as assets/vendor/dagre.min.js with its licence beside it; to update it run
// `npm pack @dagrejs/dagre@3` in a temporary directory and copy dist/dagre.min.js and LICENSE.
//
// Invariants:
//   - Everything is served under Prefix (/ui/). A path naming an asset (its last segment has
//     a dot) is that asset or 404; any other path under Prefix is a client route and gets
//     index.html, so reloading /ui/instances/x works. Paths outside Prefix: / redirects to
//     Prefix, anything else is 404.
//   - Assets are served only under content-hashed names (app.3f2a9c1b.js), which index.html
//     refers to, with a year-long immutable Cache-Control. index.html is no-cache, so a new
//     binary's UI is picked up on the next load and never mixed with old assets.
//   - Content types come from the extension, never sniffed; text assets are gzip-compressed
//     once, at first use, for clients that accept it.
//   - The UI keeps the API token (when the server has one) in sessionStorage only, and sends
//     it as "Authorization: Bearer" on state-changing calls, each of which asks to confirm.
package webui
