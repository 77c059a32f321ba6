// actorflow web UI: one page, no build step. It reads and changes state only through the REST
// API (/api/v1) and follows logs through server-sent events. Every view asks for one page of
// data (limit/offset), never a whole history, so it stays fast with large installations.
"use strict";
(() => {
  const P = "/ui/", API = "/api/v1", PAGE = 50, GRID_RUNS = 25, LOG_KEEP = 2 << 20;
  const TOKEN_KEY = "actorflow.token", LANG_KEY = "actorflow.lang";

  // ---- labels (English default; 中文 by the toggle, remembered in localStorage) ----
  const L = {
    en: {
      home: "Home", workflows: "Workflows", instances: "Instances", xmlconfig: "xmlconfig", cluster: "Cluster",
      loading: "Loading…", error: "Error", none: "Nothing here.", search: "Search name, description, creator…",
      all: "All", dirs: "Directories", name: "Name", dir: "Directory", schedule: "Schedule", timezone: "Time zone",
      next_fire: "Next fire", deps: "Dependencies", enabled: "Enabled", source: "Source file", warnings: "Warnings",
      prev: "Previous", next: "Next", page_of: "{a}–{b} of {n}", status: "Status", workflow: "Workflow",
      trigger: "Trigger", run: "Run…", reset: "Reset", kill: "Kill", rerun: "Rerun", rerun_failed: "Rerun from failed",
      created: "Created", started: "Started", ended: "Ended", duration: "Duration", progress: "Progress",
      running: "Running", recent: "Recent finishes", failing: "Failing workflows", queue: "Queued", file_errors: "Files in error",
      last7: "Instances per day (last 7 days)", health: "Cluster health", master: "Master", members: "Members",
      free_slots: "Free slots", slots: "Slots", role: "Role", address: "Address", labels: "Labels", raft_term: "Raft term",
      leader: "Leader", pid: "PID", graph: "Graph", xml: "XML", runs: "Runs", nodes: "Nodes", attempts: "Attempts",
      gantt: "Gantt", log: "Log", all_nodes: "All nodes", latest: "latest", follow_end: "— end of log —",
      attempt: "Attempt", worker: "Worker", exit: "Exit", message: "Message", trigger_kind: "Trigger", params: "Parameters",
      add_param: "Add parameter", cancel: "Cancel", ok: "OK", confirm: "Confirm", token: "API token", token_set: "Token ✓",
      token_ask: "This server needs its API token for changes. It is kept for this browser session only.",
      token_clear: "Forget token", conf_trigger: "Trigger workflow {x} now?", conf_run: "Start an ad-hoc run of {x}?",
      conf_reset: "Reset the coordinator of {x} (clears its dependency flags)?", conf_kill: "Kill instance {x}?",
      conf_rerun: "Rerun instance {x}?", conf_rerun_failed: "Rerun what did not succeed in {x}?",
      started_inst: "Started instance {x}", done: "Done", only_errors: "Only files in error", path: "Path",
      loaded: "Loaded", errors: "Errors", coordinator: "Coordinator", no_coord: "no schedule", yes: "yes", no: "no",
      ready: "ready", waiting: "waiting", desc: "Description", creator: "Creator", instance_limit: "Instance limit",
      version: "Version", updated: "Updated", nodes_count: "Nodes", edges: "Edges", unknown_route: "No such page.",
      total: "Total", scheduled: "Scheduled", param_name: "name", param_value: "value", filter_workflow: "Workflow",
      enabled_note: "Switch the coordinator on or off (off: it does not fire on its own; trigger and run still work).",
      conf_enable: "Enable the coordinator of {x} (it fires on its schedule again)?",
      conf_disable: "Disable the coordinator of {x}? It stops firing on its own; trigger and run still work.",
      lang: "中文", runs_hint: "Columns are runs (oldest left), rows are nodes.", refresh: "Refresh",
    },
    zh: {
      home: "首页", workflows: "工作流", instances: "实例", xmlconfig: "配置文件", cluster: "集群",
      loading: "加载中…", error: "错误", none: "暂无数据。", search: "搜索名称、描述、创建者…",
      all: "全部", dirs: "目录", name: "名称", dir: "目录", schedule: "调度", timezone: "时区",
      next_fire: "下次触发", deps: "依赖", enabled: "启用", source: "源文件", warnings: "警告",
      prev: "上一页", next: "下一页", page_of: "第 {a}–{b} 条，共 {n} 条", status: "状态", workflow: "工作流",
      trigger: "触发", run: "运行…", reset: "重置", kill: "杀死", rerun: "重跑", rerun_failed: "从失败处重跑",
      created: "创建时间", started: "开始时间", ended: "结束时间", duration: "耗时", progress: "进度",
      running: "运行中", recent: "最近结束", failing: "失败的工作流", queue: "排队", file_errors: "出错的文件",
      last7: "每日实例数（最近 7 天）", health: "集群状态", master: "主节点", members: "成员",
      free_slots: "空闲槽位", slots: "槽位", role: "角色", address: "地址", labels: "标签", raft_term: "Raft 任期",
      leader: "领导者", pid: "进程号", graph: "流程图", xml: "XML", runs: "运行记录", nodes: "节点", attempts: "尝试",
      gantt: "甘特图", log: "日志", all_nodes: "全部节点", latest: "最新", follow_end: "— 日志结束 —",
      attempt: "尝试", worker: "执行节点", exit: "退出码", message: "信息", trigger_kind: "触发方式", params: "参数",
      add_param: "添加参数", cancel: "取消", ok: "确定", confirm: "确认", token: "API 令牌", token_set: "令牌 ✓",
      token_ask: "此服务器的修改操作需要 API 令牌，令牌只保存在本次浏览器会话中。",
      token_clear: "清除令牌", conf_trigger: "立即触发工作流 {x}？", conf_run: "临时运行 {x}？",
      conf_reset: "重置 {x} 的调度器（清除依赖标记）？", conf_kill: "杀死实例 {x}？",
      conf_rerun: "重跑实例 {x}？", conf_rerun_failed: "重跑 {x} 中未成功的节点？",
      started_inst: "已启动实例 {x}", done: "完成", only_errors: "只看出错的文件", path: "路径",
      loaded: "加载时间", errors: "错误", coordinator: "调度器", no_coord: "无调度", yes: "是", no: "否",
      ready: "就绪", waiting: "等待", desc: "描述", creator: "创建者", instance_limit: "实例上限",
      version: "版本", updated: "更新时间", nodes_count: "节点数", edges: "连线", unknown_route: "页面不存在。",
      total: "合计", scheduled: "计划时间", param_name: "名称", param_value: "值", filter_workflow: "工作流",
      enabled_note: "启用或停用调度器（停用后不再自动触发；手动触发和运行仍可用）。",
      conf_enable: "启用 {x} 的调度器（恢复按计划触发）？",
      conf_disable: "停用 {x} 的调度器？停用后不再自动触发，手动触发和运行仍可用。",
      lang: "English", runs_hint: "列为运行记录（最早在左），行为节点。", refresh: "刷新",
      "s.prep": "就绪", "s.running": "运行中", "s.succeeded": "成功", "s.failed": "失败", "s.killed": "已杀死",
      "s.skipped": "跳过", "s.up_for_retry": "等待重试", "s.lost": "丢失", "s.upstream_failed": "上游失败",
      "s.dispatched": "已派发", "s.timed_out": "超时", "s.loaded": "已加载", "s.error": "错误", "s.disabled": "已禁用",
      "s.alive": "在线", "s.suspect": "可疑", "s.dead": "离线", "s.left": "已离开",
      "e.ok": "成功", "e.error": "失败", "e.fork": "分支", "e.join": "汇合", "e.next": "下一步",
    },
  };
  let lang = localStorage.getItem(LANG_KEY) === "zh" ? "zh" : "en";
  const t = (k, vars) => {
    let s = L[lang][k] ?? L.en[k] ?? k.replace(/^[se]\./, "");
    if (vars) for (const [a, b] of Object.entries(vars)) s = s.replace("{" + a + "}", b);
    return s;
  };
  const STATUSES = ["succeeded", "failed", "killed", "running", "prep"];

  // ---- DOM ----
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "text") el.textContent = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    }
    add(el, kids);
    return el;
  }
  function add(el, kids) {
    for (const k of kids) {
      if (k == null || k === false) continue;
      if (Array.isArray(k)) add(el, k);
      else el.append(k instanceof Node ? k : String(k));
    }
  }
  const svgNS = "http://www.w3.org/2000/svg";
  function s(tag, attrs, ...kids) {
    const el = document.createElementNS(svgNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v != null) el.setAttribute(k, v);
    add(el, kids);
    return el;
  }
  const $ = (sel, root = document) => root.querySelector(sel);
  const main = $("#main");
  const enc = encodeURIComponent;
  const link = (path, text, attrs) => h("a", { href: P + path, ...attrs }, text);
  const badge = st => h("span", { class: "badge st-" + st, "data-status": st }, t("s." + st));
  const table = (heads, rows) => rows.length
    ? h("table", null, h("thead", null, h("tr", null, heads.map(x => h("th", null, x)))), h("tbody", null, rows))
    : h("p", { class: "muted" }, t("none"));
  const card = (title, ...kids) => h("section", { class: "card" }, title && h("h2", null, title), kids);

  function fmtTime(v) {
    if (!v) return "";
    const d = new Date(v), p = n => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }
  function fmtDur(a, b) {
    if (!a) return "";
    let ms = (b ? new Date(b) : new Date()) - new Date(a);
    if (ms < 1000) return ms + " ms";
    let sec = Math.round(ms / 1000);
    const hh = Math.floor(sec / 3600), mm = Math.floor(sec % 3600 / 60); sec %= 60;
    return (hh ? hh + "h " : "") + (hh || mm ? mm + "m " : "") + sec + "s";
  }
  const terminal = st => ["succeeded", "failed", "killed"].includes(st);

  // ---- API ----
  class APIError extends Error { constructor(msg, status) { super(msg); this.status = status; } }
  async function api(path, opts = {}) {
    const method = opts.method || "GET", headers = {};
    const init = { method, headers };
    if (opts.body !== undefined) { init.body = JSON.stringify(opts.body); headers["Content-Type"] = "application/json"; }
    const tok = sessionStorage.getItem(TOKEN_KEY);
    if (method !== "GET" && tok) headers.Authorization = "Bearer " + tok;
    const r = await fetch(API + path, init);
    if (r.status === 401 && method !== "GET" && !opts.retried) {
      if (await askToken()) return api(path, { ...opts, retried: true });
    }
    if (!r.ok) {
      let msg = r.status + " " + r.statusText;
      try {
        const e = (await r.json()).error;
        msg = e.message + (e.problems || []).map(p => `\n${p.file || ""}:${p.line || 0}:${p.col || 0} ${p.message}`).join("");
      } catch { /* not JSON */ }
      throw new APIError(msg, r.status);
    }
    if (r.status === 204) return null;
    return (r.headers.get("Content-Type") || "").includes("json") ? r.json() : r.text();
  }

  // ---- modal, confirm, token, toast ----
  const modal = $("#modal");
  function dialog(title, body, okLabel, okClass) {
    return new Promise(resolve => {
      const close = v => { modal.hidden = true; modal.replaceChildren(); resolve(v); };
      const okBtn = h("button", { type: "submit", class: okClass || "primary", id: "modal-ok" }, okLabel || t("ok"));
      const form = h("form", { class: "box", onsubmit: e => { e.preventDefault(); close(true); } },
        h("h2", null, title), body,
        h("div", { class: "actions" }, h("button", { type: "button", id: "modal-cancel", onclick: () => close(false) }, t("cancel")), okBtn));
      modal.replaceChildren(form);
      modal.hidden = false;
      (form.querySelector("input") || okBtn).focus();
    });
  }
  const confirmAct = (msg, danger) => dialog(t("confirm"), h("p", null, msg), t("ok"), danger ? "danger" : "primary");
  async function askToken() {
    const input = h("input", { type: "password", id: "token-input", autocomplete: "off" });
    if (!await dialog(t("token"), [h("p", null, t("token_ask")), input])) return false;
    if (!input.value.trim()) return false;
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    chrome();
    return true;
  }
  let toastTimer;
  function toast(msg, bad) {
    const el = $("#toast");
    el.textContent = msg; el.className = bad ? "bad" : ""; el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { el.hidden = true; }, bad ? 8000 : 3000);
  }
  // act confirms, calls fn, reports; it returns fn's result or undefined when cancelled/failed.
  async function act(msg, fn, danger) {
    if (!await confirmAct(msg, danger)) return undefined;
    try { const r = await fn(); toast(t("done")); return r ?? true; }
    catch (e) { toast(e.message, true); return undefined; }
  }

  // ---- chrome and routing ----
  function chrome() {
    const here = location.pathname.slice(P.length).split("/")[0];
    $("#nav").replaceChildren(...["", "workflows", "instances", "xmlconfig", "cluster"].map(p =>
      link(p, t(p || "home"), { class: p === here ? "active" : null, id: "nav-" + (p || "home") })));
    const tb = $("#token-btn");
    const has = !!sessionStorage.getItem(TOKEN_KEY);
    tb.textContent = has ? t("token_set") : t("token");
    tb.title = has ? t("token_clear") : "";
    $("#lang-btn").textContent = t("lang");
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  }
  $("#token-btn").onclick = async () => {
    if (sessionStorage.getItem(TOKEN_KEY)) { sessionStorage.removeItem(TOKEN_KEY); chrome(); } else await askToken();
  };
  $("#lang-btn").onclick = () => { lang = lang === "en" ? "zh" : "en"; localStorage.setItem(LANG_KEY, lang); render(); };
  document.addEventListener("click", e => {
    const a = e.target.closest("a[href]");
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(P)) return;
    e.preventDefault();
    go(url.pathname + url.search);
  });
  window.addEventListener("popstate", () => render());
  function go(path, replace) {
    history[replace ? "replaceState" : "pushState"](null, "", path);
    render();
  }

  // Each render gets a fresh scope; timers and streams registered on it stop when the page
  // changes, and a slow answer for an old page is dropped.
  let scope = { alive: false, stops: [] };
  function newScope() {
    scope.alive = false;
    for (const f of scope.stops) f();
    scope = { alive: true, stops: [] };
    return scope;
  }
  function every(sc, ms, fn) {
    let timer;
    const loop = async () => {
      if (!sc.alive) return;
      try { await fn(); } catch (e) { /* keep polling; the next tick may succeed */ }
      if (sc.alive) timer = setTimeout(loop, document.hidden ? ms * 4 : ms);
    };
    timer = setTimeout(loop, ms);
    sc.stops.push(() => clearTimeout(timer));
  }

  const routes = [
    [/^$/, home], [/^workflows$/, workflowsView], [/^workflows\/(.+)$/, workflowView],
    [/^instances$/, instancesView], [/^instances\/(.+)$/, instanceView],
    [/^xmlconfig$/, xmlconfigView], [/^cluster$/, clusterView],
  ];
  async function render() {
    const sc = newScope();
    chrome();
    const rel = location.pathname.slice(P.length).replace(/\/$/, "");
    const q = new URLSearchParams(location.search);
    const hit = routes.map(([re, fn]) => [rel.match(re), fn]).find(([m]) => m);
    if (!hit) { main.replaceChildren(h("p", null, t("unknown_route"))); return; }
    const [m, fn] = hit;
    main.dataset.view = fn.name;
    main.dataset.ready = "";
    try {
      const node = await fn(sc, q, m[1] && decodeURIComponent(m[1]));
      if (!sc.alive) return;
      main.replaceChildren(node);
      main.dataset.ready = "1";
    } catch (e) {
      if (sc.alive) main.replaceChildren(h("div", { class: "card err", id: "view-error" }, t("error") + ": " + e.message));
    }
  }
  function pager(q, total, offset) {
    const at = p => { const u = new URLSearchParams(q); u.set("offset", p); return location.pathname + "?" + u; };
    return h("div", { class: "pager" },
      h("button", { disabled: offset <= 0, onclick: () => go(at(Math.max(0, offset - PAGE))) }, t("prev")),
      h("span", { class: "muted" }, t("page_of", { a: total ? offset + 1 : 0, b: Math.min(offset + PAGE, total), n: total })),
      h("button", { disabled: offset + PAGE >= total, onclick: () => go(at(offset + PAGE)) }, t("next")));
  }
  const offsetOf = q => Math.max(0, parseInt(q.get("offset") || "0", 10) || 0);

  // ---- Home ----
  async function home(sc) {
    const box = h("div");
    const draw = async () => {
      const [f, members] = await Promise.all([api("/front"), api("/cluster/members").catch(() => ({ items: [] }))]);
      if (!sc.alive) return;
      box.replaceChildren(homeBody(f, members.items));
    };
    await draw();
    every(sc, 5000, draw);
    return h("div", null, h("h1", null, t("home")), box);
  }
  function homeBody(f, members) {
    const slots = members.reduce((a, m) => a + (m.slots || 0), 0), used = members.reduce((a, m) => a + (m.slots_used || 0), 0);
    const leader = members.find(m => m.leader);
    const stats = h("div", { class: "stats" },
      [[t("workflows"), f.workflows, "workflows"], [t("running"), f.running.length, "instances?status=running"],
        [t("queue"), f.queued, "instances?status=prep"], [t("file_errors"), f.file_errors, "xmlconfig"],
        [t("free_slots"), slots - used + " / " + slots, "cluster"]].map(([label, n, to]) =>
        h("a", { class: "stat", href: P + to, id: "stat-" + to.split("?")[0] }, h("b", null, n), h("span", null, label))));
    const max = Math.max(1, ...f.days.map(d => Object.values(d.counts).reduce((a, b) => a + b, 0)));
    const chart = h("div", { class: "bars", id: "days-chart" }, f.days.map(d => h("div", { class: "bar", title: d.day },
      STATUSES.map(st => d.counts[st] ? h("i", { style: `height:${d.counts[st] / max * 100}%;background:var(--${st})`, title: `${d.day} ${t("s." + st)}: ${d.counts[st]}` }) : null),
      h("label", null, d.day.slice(5)))));
    const legend = h("div", { class: "legend" }, STATUSES.map(st => h("span", null, h("i", { style: `background:var(--${st})` }), t("s." + st))));
    const running = table([t("instances"), t("workflow"), t("started"), t("progress")], f.running.map(i => {
      const acts = (i.nodes || []).filter(n => n.kind === "action");
      const done = acts.filter(n => terminal(n.status) || n.status === "skipped").length;
      const pct = acts.length ? Math.round(done / acts.length * 100) : 0;
      return h("tr", null, h("td", null, link("instances/" + enc(i.id), i.id)), h("td", null, link("workflows/" + enc(i.workflow), i.workflow)),
        h("td", null, fmtTime(i.started)), h("td", { title: `${done}/${acts.length}` }, h("div", { class: "progress" }, h("i", { style: `width:${pct}%` }))));
    }));
    const recent = table([t("instances"), t("workflow"), t("status"), t("ended"), t("duration")], f.recent.map(i =>
      h("tr", null, h("td", null, link("instances/" + enc(i.id), i.id)), h("td", null, link("workflows/" + enc(i.workflow), i.workflow)),
        h("td", null, badge(i.status)), h("td", null, fmtTime(i.ended)), h("td", null, fmtDur(i.started, i.ended)))));
    const failing = (f.failing || []).length
      ? h("ul", { id: "failing" }, f.failing.map(w => h("li", null, link("workflows/" + enc(w), w, { class: "err" }))))
      : h("p", { class: "muted" }, t("none"));
    const health = h("dl", { class: "kv" },
      h("dt", null, t("master")), h("dd", { id: "master-name" }, leader ? leader.name : "—"),
      h("dt", null, t("members")), h("dd", null, members.map(m => [badge(m.status), " ", m.name, " (", m.role, ") "])),
      h("dt", null, t("free_slots")), h("dd", null, `${slots - used} / ${slots}`),
      h("dt", null, t("raft_term")), h("dd", null, leader && leader.raft_term || "—"));
    return h("div", null, stats,
      h("div", { class: "grid2" }, card(t("last7"), chart, legend), card(t("health"), health)),
      h("div", { class: "grid2" }, card(t("running"), running), card(t("failing"), failing)),
      card(t("recent"), recent));
  }

  // ---- Workflows ----
  async function workflowsView(sc, q) {
    const dir = q.get("dir") || "", text = q.get("q") || "", offset = offsetOf(q);
    const qs = new URLSearchParams({ limit: PAGE, offset });
    if (dir) qs.set("dir", dir);
    if (text) qs.set("q", text);
    const [list, dirs] = await Promise.all([api("/workflows?" + qs), api("/dirs").catch(() => ({ items: [] }))]);
    const withQ = (d) => { const u = new URLSearchParams(); if (d) u.set("dir", d); if (text) u.set("q", text); return "workflows" + (u.size ? "?" + u : ""); };
    const tree = h("nav", { class: "tree card", id: "dir-tree" }, h("h2", null, t("dirs")),
      dirs.items.map(d => {
        const depth = d.path ? d.path.split("/").length : 0;
        return link(withQ(d.path), `${d.path ? d.path.split("/").pop() : t("all")} (${d.workflows})`,
          { class: d.path === dir.replace(/^\/+|\/+$/g, "") ? "active" : null, style: `padding-left:${depth * 12}px`, title: d.path || "/" });
      }));
    const input = h("input", { type: "search", id: "wf-search", placeholder: t("search"), value: text, size: 40 });
    const form = h("form", { class: "toolbar", onsubmit: e => {
      e.preventDefault();
      const u = new URLSearchParams(); if (dir) u.set("dir", dir); if (input.value.trim()) u.set("q", input.value.trim());
      go(P + "workflows" + (u.size ? "?" + u : ""));
    } }, input, h("button", { type: "submit" }, t("search").split(/[ …]/)[0]));
    const rows = list.items.map(w => h("tr", { "data-workflow": w.name },
      h("td", null, link("workflows/" + enc(w.name), w.name), w.desc ? h("div", { class: "muted" }, w.desc) : null),
      h("td", null, w.dir || ""),
      h("td", null, w.cron ? [w.cron_text || "", h("div", { class: "muted" }, h("code", null, w.cron))] : h("span", { class: "muted" }, t("no_coord"))),
      h("td", null, w.timezone || ""),
      h("td", null, fmtTime(w.next_fire)),
      h("td", null, deps(w.dependencies)),
      h("td", null, enabledToggle(w)),
      h("td", null, h("code", null, w.source_file || ""), (w.warnings || []).length ? h("div", { class: "err" }, problems(w.warnings)) : null)));
    return h("div", null, h("h1", null, t("workflows")),
      h("div", { class: "layout" }, tree, h("div", null, form, h("div", { class: "card" },
        table([t("name"), t("dir"), t("schedule"), t("timezone"), t("next_fire"), t("deps"), t("enabled"), t("source")], rows),
        pager(q, list.total, offset)))));
  }
  // enabledToggle switches a workflow's coordinator on or off (POST …/enable|disable) after a
  // confirmation; the box shows the server's state until the change is made, then the view
  // is drawn again. A workflow without a coordinator (no schedule, no dependencies) has none.
  function enabledToggle(w) {
    const has = !!(w.cron || (w.dependencies || []).length);
    const box = h("input", { type: "checkbox", class: "enabled-toggle", "data-workflow": w.name, checked: w.enabled,
      disabled: !has, title: has ? t("enabled_note") : t("no_coord") });
    box.onchange = async () => {
      const on = box.checked;
      box.checked = !on;
      const done = await act(t(on ? "conf_enable" : "conf_disable", { x: w.name }),
        () => api(`/workflows/${enc(w.name)}/${on ? "enable" : "disable"}`, { method: "POST" }), !on);
      if (done) render();
    };
    return box;
  }
  const deps = ds => (ds || []).map(d => h("div", { class: d.ready ? "ok" : "muted", title: d.ready ? t("ready") : t("waiting") },
    d.ready ? "✓ " : "… ", link("workflows/" + enc(d.workflow), d.workflow)));
  const problems = ps => (ps || []).map(p => h("div", { class: p.severity === "warning" ? "muted" : "err" },
    h("code", null, `${p.file || ""}:${p.line || 0}:${p.col || 0}`), " ", p.message));

  // ---- Workflow detail ----
  async function workflowView(sc, q, name) {
    const wf = await api("/workflows/" + enc(name));
    const tab = q.get("tab") || "graph";
    const setTab = x => go(P + "workflows/" + enc(name) + "?tab=" + x, true);
    const tabs = h("div", { class: "tabs" }, ["graph", "runs", "xml"].map(x =>
      h("button", { type: "button", class: x === tab ? "active" : null, id: "tab-" + x, onclick: () => setTab(x) }, t(x))));
    let body;
    if (tab === "xml") body = h("pre", { id: "wf-xml" }, wf.xml);
    else if (tab === "runs") body = await runsGrid(sc, wf, q);
    else body = wf.nodes.length ? [dagSVG(wf.nodes, {}), edgeLegend()] : h("p", { class: "muted" }, t("none"));
    const started = id => { toast(t("started_inst", { x: id })); go(P + "instances/" + enc(id)); };
    const actions = h("div", { class: "toolbar" },
      h("button", { class: "primary", id: "btn-trigger", onclick: async () => {
        const r = await act(t("conf_trigger", { x: name }), () => api(`/workflows/${enc(name)}/trigger`, { method: "POST", body: {} }));
        if (r) started(r.id);
      } }, t("trigger")),
      h("button", { id: "btn-run", onclick: async () => { const r = await runForm(wf); if (r) started(r.id); } }, t("run")),
      h("button", { id: "btn-reset", onclick: () => act(t("conf_reset", { x: name }), () => api(`/workflows/${enc(name)}/reset`, { method: "POST" })) }, t("reset")),
      link("instances?workflow=" + enc(name), t("instances")));
    const info = h("dl", { class: "kv" },
      h("dt", null, t("desc")), h("dd", null, wf.desc || ""),
      h("dt", null, t("dir")), h("dd", null, wf.dir || ""),
      h("dt", null, t("coordinator")), h("dd", null, wf.cron ? [wf.cron_text, " ", h("code", null, wf.cron)] : t("no_coord")),
      h("dt", null, t("timezone")), h("dd", null, wf.timezone || ""),
      h("dt", null, t("next_fire")), h("dd", null, fmtTime(wf.next_fire)),
      h("dt", null, t("deps")), h("dd", null, deps(wf.dependencies)),
      h("dt", null, t("enabled")), h("dd", null, enabledToggle(wf), " ", wf.enabled ? t("yes") : t("no")),
      h("dt", null, t("params")), h("dd", null, (wf.params || []).join(", ")),
      h("dt", null, t("source")), h("dd", null, h("code", null, wf.source_file || ""), " (", wf.origin, ")"),
      h("dt", null, t("version")), h("dd", null, `${wf.version} · ${fmtTime(wf.updated)}`),
      (wf.warnings || []).length ? [h("dt", null, t("warnings")), h("dd", null, problems(wf.warnings))] : null);
    return h("div", null, h("h1", null, t("workflow"), ": ", h("span", { id: "wf-name" }, wf.name)), actions,
      card(null, info), h("div", { class: "card" }, tabs, body));
  }
  async function runForm(wf) {
    const rows = h("div");
    const addRow = (k = "", v = "") => rows.append(h("div", { class: "toolbar param-row" },
      h("input", { type: "text", placeholder: t("param_name"), value: k, class: "param-name" }),
      h("input", { type: "text", placeholder: t("param_value"), value: v, class: "param-value" })));
    (wf.params || []).forEach(p => addRow(p));
    if (!(wf.params || []).length) addRow();
    const body = [h("p", null, t("conf_run", { x: wf.name })), rows,
      h("button", { type: "button", onclick: () => addRow() }, t("add_param"))];
    if (!await dialog(t("run"), body)) return undefined;
    const params = {};
    for (const r of rows.children) {
      const k = r.querySelector(".param-name").value.trim();
      if (k) params[k] = r.querySelector(".param-value").value;
    }
    try { return await api(`/workflows/${enc(wf.name)}/run`, { method: "POST", body: { params } }); }
    catch (e) { toast(e.message, true); return undefined; }
  }
  async function runsGrid(sc, wf, q) {
    const offset = offsetOf(q);
    const g = await api(`/workflows/${enc(wf.name)}/grid?limit=${GRID_RUNS}&offset=${offset}`);
    const runs = g.items.slice().reverse(); // oldest left, as in Airflow
    const names = wf.nodes.filter(n => n.kind === "action").map(n => n.name);
    for (const r of runs) for (const n of r.nodes || []) if (n.kind === "action" && !names.includes(n.name)) names.push(n.name);
    const head = h("tr", null, h("th", null, t("nodes")), runs.map(r => h("th", { class: "cell" },
      link("instances/" + enc(r.id), h("span", { class: "sq st-" + r.status, style: "border-radius:9px", title: `${r.id} · ${t("s." + r.status)} · ${fmtTime(r.created)}` })))));
    const rows = names.map(nm => h("tr", null, h("td", null, nm), runs.map(r => {
      const n = (r.nodes || []).find(x => x.name === nm);
      const st = n ? n.status : "";
      return h("td", { class: "cell" }, n ? link("instances/" + enc(r.id), h("span", { class: "sq st-" + st, "data-status": st,
        title: `${nm} · ${r.id} · ${t("s." + st)}${n.attempts ? " · " + n.attempts + "×" : ""}` })) : "");
    })));
    const total = g.total;
    const at = o => { const u = new URLSearchParams(q); u.set("tab", "runs"); u.set("offset", o); return location.pathname + "?" + u; };
    return h("div", null, h("p", { class: "muted" }, t("runs_hint")),
      runs.length ? h("table", { class: "runs", id: "runs-grid" }, h("thead", null, head), h("tbody", null, rows)) : h("p", { class: "muted" }, t("none")),
      h("div", { class: "pager" },
        h("button", { disabled: offset + GRID_RUNS >= total, onclick: () => go(at(offset + GRID_RUNS)) }, "← " + t("prev")),
        h("span", { class: "muted" }, `${total} ${t("runs")}`),
        h("button", { disabled: offset <= 0, onclick: () => go(at(Math.max(0, offset - GRID_RUNS))) }, t("next") + " →")));
  }

  // ---- DAG drawing (dagre) ----
  const STATUS_FILL = st => st ? `var(--${st})` : null;
  function dagSVG(defs, statusOf) {
    const g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: "LR", nodesep: 16, ranksep: 36, marginx: 6, marginy: 6 });
    const kind = {};
    const size = (name) => ({ width: Math.max(56, name.length * 7.2 + 22), height: 30 });
    for (const n of defs) { kind[n.name] = n.kind; g.setNode(n.name, { ...size(n.name), kind: n.kind }); }
    const edge = (a, b, cls) => {
      if (!b) return;
      if (!g.hasNode(b)) g.setNode(b, size(b));
      g.setEdge(a, b, { cls }, cls + ":" + a + ">" + b);
    };
    for (const n of defs) {
      for (const x of n.next || []) edge(n.name, x, n.kind === "fork" ? "fork" : kind[x] === "join" ? "join" : "next");
      if (n.ok) edge(n.name, n.ok, kind[n.ok] === "join" ? "join" : "ok");
      if (n.error) edge(n.name, n.error, "error");
    }
    dagre.layout(g);
    const gg = g.graph();
    const svg = s("svg", { class: "dag", id: "dag", viewBox: `0 0 ${gg.width} ${gg.height}`, width: gg.width, height: gg.height });
    const defsEl = s("defs", null, ["ok", "error", "fork", "join", "next"].map(c =>
      s("marker", { id: "arrow-" + c, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
        s("path", { d: "M0,0 L10,5 L0,10 z", fill: { ok: "#16a34a", error: "#dc2626", fork: "#2563eb", join: "#7c3aed", next: "#64748b" }[c] }))));
    svg.append(defsEl);
    for (const e of g.edges()) {
      const lab = g.edge(e);
      const d = lab.points.map((p, i) => (i ? "L" : "M") + p.x.toFixed(1) + "," + p.y.toFixed(1)).join(" ");
      svg.append(s("g", { class: "edge " + lab.cls, "data-edge": `${e.v}>${e.w}`, "data-kind": lab.cls },
        s("path", { d, "marker-end": `url(#arrow-${lab.cls})` }, s("title", null, `${e.v} → ${e.w} (${t("e." + lab.cls)})`))));
    }
    for (const name of g.nodes()) {
      const n = g.node(name), st = statusOf[name] || "";
      const round = ["start", "end", "kill"].includes(n.kind) ? 15 : ["fork", "join"].includes(n.kind) ? 4 : 6;
      const rect = s("rect", { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height, rx: round });
      if (st) rect.style.fill = STATUS_FILL(st);
      svg.append(s("g", { class: "node kind-" + (n.kind || "unknown"), "data-node": name, "data-status": st },
        rect, s("text", { x: n.x, y: n.y }, name), s("title", null, `${name} (${n.kind || "?"})${st ? " · " + t("s." + st) : ""}`)));
    }
    return svg;
  }
  const edgeLegend = () => h("div", { class: "edge-legend" }, [["ok", "#16a34a", "solid"], ["error", "#dc2626", "dashed"],
    ["fork", "#2563eb", "solid"], ["join", "#7c3aed", "dotted"], ["next", "#64748b", "solid"]].map(([c, col, style]) =>
    h("span", null, h("i", { style: `border-top-color:${col};border-top-style:${style}` }), t("e." + c))));

  // ---- Instances ----
  async function instancesView(sc, q) {
    const offset = offsetOf(q), wf = q.get("workflow") || "", st = q.get("status") || "";
    const qs = new URLSearchParams({ limit: PAGE, offset });
    if (wf) qs.set("workflow", wf);
    if (st) qs.set("status", st);
    const list = await api("/instances?" + qs);
    const wfIn = h("input", { type: "search", id: "inst-workflow", placeholder: t("filter_workflow"), value: wf });
    const stSel = h("select", { id: "inst-status" }, h("option", { value: "" }, t("all")),
      STATUSES.map(x => h("option", { value: x, selected: x === st }, t("s." + x))));
    const form = h("form", { class: "toolbar", onsubmit: e => {
      e.preventDefault();
      const u = new URLSearchParams(); if (wfIn.value.trim()) u.set("workflow", wfIn.value.trim()); if (stSel.value) u.set("status", stSel.value);
      go(P + "instances" + (u.size ? "?" + u : ""));
    } }, wfIn, stSel, h("button", { type: "submit" }, t("refresh")));
    const rows = list.items.map(i => h("tr", null, h("td", null, link("instances/" + enc(i.id), i.id)),
      h("td", null, link("workflows/" + enc(i.workflow), i.workflow)), h("td", null, badge(i.status)), h("td", null, i.trigger),
      h("td", null, fmtTime(i.created)), h("td", null, fmtDur(i.started, i.ended))));
    return h("div", null, h("h1", null, t("instances")), form, h("div", { class: "card" },
      table(["ID", t("workflow"), t("status"), t("trigger_kind"), t("created"), t("duration")], rows), pager(q, list.total, offset)));
  }

  // ---- Instance detail ----
  async function instanceView(sc, q, id) {
    let inst = await api("/instances/" + enc(id));
    const defs = await api("/workflows/" + enc(inst.workflow)).then(w => w.nodes).catch(() => null);
    const head = h("div"), graph = h("div", { class: "card" }), gantt = h("div", { class: "card" }), nodes = h("div", { class: "card" });
    const logBox = logViewer(sc, inst);
    const draw = () => {
      head.replaceChildren(instanceHead(inst));
      const statusOf = Object.fromEntries((inst.nodes || []).map(n => [n.name, n.status]));
      const shape = defs && defs.length ? defs : (inst.nodes || []).map(n => ({ name: n.name, kind: n.kind }));
      graph.replaceChildren(h("h2", null, t("graph")), dagSVG(shape, statusOf), edgeLegend());
      gantt.replaceChildren(h("h2", null, t("gantt")), ganttChart(inst));
      nodes.replaceChildren(h("h2", null, t("attempts")), attemptTable(inst, logBox));
    };
    draw();
    every(sc, 1500, async () => {
      if (terminal(inst.status)) return;
      inst = await api("/instances/" + enc(id));
      if (sc.alive) draw();
    });
    return h("div", null, head, graph, h("div", { class: "grid2" }, gantt, nodes), logBox.el);
  }
  function instanceHead(inst) {
    const id = inst.id;
    const rerun = async (fromFailed) => {
      const r = await act(t(fromFailed ? "conf_rerun_failed" : "conf_rerun", { x: id }),
        () => api(`/instances/${enc(id)}/rerun`, { method: "POST", body: { from_failed: fromFailed } }));
      if (r && r.id) go(P + "instances/" + enc(r.id));
    };
    const fin = terminal(inst.status);
    return h("div", null,
      h("h1", null, t("instances"), ": ", h("span", { id: "inst-id" }, id), " ", h("span", { id: "inst-status" }, badge(inst.status))),
      h("div", { class: "toolbar" },
        h("button", { class: "danger", id: "btn-kill", disabled: fin, onclick: async () => {
          if (await act(t("conf_kill", { x: id }), () => api(`/instances/${enc(id)}/kill`, { method: "POST" }), true)) render();
        } }, t("kill")),
        h("button", { id: "btn-rerun", disabled: !fin, onclick: () => rerun(false) }, t("rerun")),
        h("button", { id: "btn-rerun-failed", disabled: !fin || inst.status === "succeeded", onclick: () => rerun(true) }, t("rerun_failed")),
        link("workflows/" + enc(inst.workflow), inst.workflow)),
      card(null, h("dl", { class: "kv" },
        h("dt", null, t("trigger_kind")), h("dd", null, inst.trigger),
        h("dt", null, t("scheduled")), h("dd", null, fmtTime(inst.scheduled)),
        h("dt", null, t("created")), h("dd", null, fmtTime(inst.created)),
        h("dt", null, t("started")), h("dd", null, fmtTime(inst.started)),
        h("dt", null, t("ended")), h("dd", null, fmtTime(inst.ended)),
        h("dt", null, t("duration")), h("dd", null, fmtDur(inst.started, inst.ended)),
        h("dt", null, t("params")), h("dd", null, Object.entries(inst.params || {}).map(([k, v]) => h("div", null, h("code", null, `${k}=${v}`)))),
        inst.message ? [h("dt", null, t("message")), h("dd", null, inst.message)] : null)));
  }
  function ganttChart(inst) {
    const bars = [];
    for (const n of inst.nodes || []) for (const a of n.attempt_list || []) if (a.started) bars.push({ n: n.name, a });
    if (!bars.length) return h("p", { class: "muted" }, t("none"));
    const now = Date.now();
    const t0 = Math.min(...bars.map(b => +new Date(b.a.started)));
    const t1 = Math.max(...bars.map(b => b.a.ended ? +new Date(b.a.ended) : now), t0 + 1000);
    return h("div", { class: "gantt", id: "gantt" }, bars.map(({ n, a }) => {
      const s0 = +new Date(a.started), s1 = a.ended ? +new Date(a.ended) : now;
      return h("div", { class: "row" }, h("span", { title: n }, `${n} #${a.number}`), h("div", { class: "lane" },
        h("i", { class: "st-" + a.status, style: `left:${(s0 - t0) / (t1 - t0) * 100}%;width:${Math.max(0.3, (s1 - s0) / (t1 - t0) * 100)}%`,
          title: `${n} #${a.number} · ${t("s." + a.status)} · ${fmtDur(a.started, a.ended)}` })));
    }));
  }
  function attemptTable(inst, logBox) {
    const rows = [];
    for (const n of inst.nodes || []) {
      if (n.kind && n.kind !== "action") continue;
      const list = n.attempt_list || [];
      if (!list.length) rows.push(h("tr", { "data-node": n.name }, h("td", null, n.name), h("td", null, "—"), h("td", null, badge(n.status)), h("td", { colspan: 4 }, n.message || "")));
      for (const a of list) rows.push(h("tr", { "data-node": n.name },
        h("td", null, n.name), h("td", null, a.number), h("td", null, badge(a.status)), h("td", null, fmtDur(a.started, a.ended)),
        h("td", null, a.exit_code), h("td", null, a.message || ""),
        h("td", null, h("a", { href: "#log", class: "log-link", onclick: e => { e.preventDefault(); logBox.open(n.name, a.number); } }, t("log")))));
    }
    return table([t("name"), "#", t("status"), t("duration"), t("exit"), t("message"), ""], rows);
  }
  // logViewer follows a log over server-sent events; the selection picks a node and attempt.
  function logViewer(sc, inst) {
    const pre = h("pre", { id: "log" });
    const sel = h("select", { id: "log-node" }, h("option", { value: "" }, t("all_nodes")),
      (inst.nodes || []).filter(n => !n.kind || n.kind === "action").map(n => h("option", { value: n.name }, n.name)));
    const state = h("span", { class: "muted", id: "log-state" });
    let es = null, attempt = 0;
    const stop = () => { if (es) { es.close(); es = null; } };
    sc.stops.push(stop);
    const open = (node, att) => {
      stop();
      if (node !== undefined) { sel.value = node; attempt = att || 0; }
      pre.textContent = "";
      delete pre.dataset.ended;
      state.textContent = "…";
      const u = new URLSearchParams();
      if (sel.value) u.set("node", sel.value);
      if (attempt) u.set("attempt", attempt);
      es = new EventSource(`${API}/instances/${enc(inst.id)}/log/events?${u}`);
      es.addEventListener("log", ev => {
        pre.append(JSON.parse(ev.data));
        if (pre.textContent.length > LOG_KEEP) pre.textContent = pre.textContent.slice(-LOG_KEEP / 2);
        pre.scrollTop = pre.scrollHeight;
        state.textContent = "●";
      });
      es.addEventListener("end", () => { stop(); state.textContent = t("follow_end"); pre.dataset.ended = "1"; });
      es.addEventListener("error", ev => {
        if (ev.data) { state.textContent = t("error") + ": " + JSON.parse(ev.data).message; stop(); }
        else if (es && es.readyState === EventSource.CLOSED) state.textContent = t("error");
      });
    };
    sel.onchange = () => { attempt = 0; open(); };
    open();
    const el = h("section", { class: "card", id: "log-card" }, h("div", { class: "toolbar" }, h("h2", { style: "margin:0" }, t("log")), sel, state), pre);
    return { el, open: (node, att) => { open(node, att); el.scrollIntoView(); } };
  }

  // ---- xmlconfig ----
  // The server pages the files (by path) and filters them by status; the view asks for one
  // page, and for the count it does not page (all files, or those in error) with limit=1.
  // The first page of the full list is preceded by the first page of files in error, so a
  // broken file is seen at once whatever its path.
  async function xmlconfigView(sc, q) {
    const onlyErr = q.get("errors") === "1", offset = offsetOf(q);
    const page = new URLSearchParams({ limit: PAGE, offset });
    if (onlyErr) page.set("status", "error");
    const showErrs = !onlyErr && offset === 0;
    const [list, other] = await Promise.all([api("/xmlconfig?" + page),
      api(onlyErr ? "/xmlconfig?limit=1" : `/xmlconfig?status=error&limit=${showErrs ? PAGE : 1}`)]);
    const total = onlyErr ? other.total : list.total, nErr = onlyErr ? list.total : other.total;
    const rowsOf = files => files.map(f => h("tr", { "data-path": f.path, "data-status": f.status },
      h("td", null, h("code", null, f.path)), h("td", null, badge(f.status)),
      h("td", null, f.workflow ? link("workflows/" + enc(f.workflow), f.workflow) : ""), h("td", null, fmtTime(f.loaded)),
      h("td", { class: "problems" }, problems(f.errors), problems(f.warnings))));
    const heads = [t("path"), t("status"), t("workflow"), t("loaded"), t("errors")];
    const box = h("input", { type: "checkbox", id: "only-errors", checked: onlyErr, onchange: () => go(P + "xmlconfig" + (box.checked ? "?errors=1" : "")) });
    return h("div", null, h("h1", null, t("xmlconfig")),
      h("div", { class: "toolbar" }, h("label", null, box, " ", t("only_errors")),
        h("span", { class: "muted", id: "xml-counts" }, `${t("total")}: ${total} · ${t("errors")}: ${nErr}`)),
      showErrs && nErr > 0 ? h("div", { class: "card", id: "xml-errors" }, h("h2", null, t("errors")), table(heads, rowsOf(other.items)),
        nErr > other.items.length ? link("xmlconfig?errors=1", t("only_errors")) : null) : null,
      h("div", { class: "card", id: "xml-files" }, table(heads, rowsOf(list.items)), pager(q, list.total, offset)));
  }

  // ---- Cluster ----
  async function clusterView(sc) {
    const box = h("div");
    const draw = async () => {
      const ms = (await api("/cluster/members")).items;
      if (!sc.alive) return;
      const leader = ms.find(m => m.leader);
      const roles = [...new Set(ms.map(m => m.role))].sort();
      box.replaceChildren(
        h("div", { class: "stats" },
          h("div", { class: "stat" }, h("b", { id: "cluster-leader" }, leader ? leader.name : "—"), h("span", null, t("leader"))),
          h("div", { class: "stat" }, h("b", null, leader && leader.raft_term || "—"), h("span", null, t("raft_term"))),
          h("div", { class: "stat" }, h("b", null, ms.reduce((a, m) => a + m.slots_used, 0) + " / " + ms.reduce((a, m) => a + m.slots, 0)), h("span", null, t("slots")))),
        ...roles.map(role => card(`${t("role")}: ${role}`, table([t("name"), t("status"), t("address"), "HTTP", t("pid"), t("slots"), t("labels"), t("raft_term")],
          ms.filter(m => m.role === role).map(m => h("tr", { "data-member": m.name },
            h("td", null, m.name, m.leader ? h("b", { title: t("leader") }, " ★") : null), h("td", null, badge(m.status)),
            h("td", null, m.address || ""), h("td", null, m.http || ""), h("td", null, m.pid || ""),
            h("td", null, `${m.slots_used} / ${m.slots}`),
            h("td", null, Object.entries(m.labels || {}).map(([k, v]) => h("code", null, `${k}=${v} `))),
            h("td", null, m.raft_term || "")))))));
    };
    await draw();
    every(sc, 5000, draw);
    return h("div", null, h("h1", null, t("cluster")), box);
  }

  render();
})();
