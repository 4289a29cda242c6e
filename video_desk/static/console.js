// The staff console: log in, watch the queue, answer a call (the terminal offers,
// we answer), see the resident's camera and the terminal's (masked) screen, talk and
// write. Nothing here can control the terminal: the only frames we send are pick,
// answer, message and hangup.
"use strict";

const state = { token: null, staffId: null, iceServers: [], ws: null, pc: null, callId: null, local: null, stats: { camera: 0, screen: 0 } };
const $ = (id) => document.getElementById(id);

function notice(text) { $("notice").textContent = text; }

async function login() {
  $("login-error").textContent = "";
  const resp = await fetch("/api/login", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: $("username").value, password: $("password").value }),
  });
  const body = await resp.json();
  if (!resp.ok) {
    $("login-error").textContent = body.error === "locked"
      ? `尝试过多，请 ${body.retry_after_s} 秒后再试 Too many tries, wait ${body.retry_after_s} s`
      : "工号或密码错误 Wrong staff id or password";
    return;
  }
  state.token = body.token; state.staffId = body.staff_id; state.iceServers = body.ice_servers || [];
  $("who").textContent = state.staffId;
  $("login-panel").hidden = true; $("desk-panel").hidden = false;
  connect();
}

function connect() {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/staff`);
  state.ws = ws;
  ws.onopen = () => ws.send(JSON.stringify({ type: "auth", token: state.token }));
  ws.onmessage = (ev) => onFrame(JSON.parse(ev.data));
  ws.onclose = () => { endCall("信令连接已断开 Signalling connection lost"); notice("与服务器的连接已断开 Disconnected from the desk"); };
}

function send(msg) { if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(msg)); }

function fmtWait(s) { const m = Math.floor(s / 60); return m ? `${m} 分 ${s % 60} 秒` : `${s} 秒`; }

function showQueue(calls) {
  const body = $("queue").querySelector("tbody");
  body.replaceChildren();
  const waiting = calls.filter((c) => c.state === "queued");
  $("queue-empty").hidden = waiting.length > 0;
  for (const c of waiting) {
    const tr = document.createElement("tr");
    tr.className = "call"; tr.dataset.id = c.call_id; tr.dataset.terminal = c.terminal_id;
    for (const text of [c.terminal_id, c.location, c.service, fmtWait(c.waiting_s)]) {
      const td = document.createElement("td"); td.textContent = text; tr.appendChild(td);
    }
    const td = document.createElement("td");
    const btn = document.createElement("button");
    btn.className = "answer"; btn.textContent = "接听 Answer"; btn.disabled = state.callId !== null;
    btn.onclick = () => pick(c);
    td.appendChild(btn); tr.appendChild(td); body.appendChild(tr);
  }
}

function pick(call) {
  state.callId = call.call_id;
  $("call-terminal").textContent = `${call.terminal_id} · ${call.location}`;
  $("call-status").textContent = "连接中… Connecting…";
  $("call-panel").hidden = false;
  send({ type: "pick", call_id: call.call_id });
}

function gatheringDone(pc, timeoutMs) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { if (pc.iceGatheringState === "complete") { pc.removeEventListener("icegatheringstatechange", done); resolve(); } };
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, timeoutMs);
  });
}

async function onOffer(msg) {
  if (msg.call_id !== state.callId) return;
  const pc = new RTCPeerConnection({ iceServers: state.iceServers });
  state.pc = pc;
  const kinds = msg.tracks || {};
  pc.ontrack = (ev) => {
    const role = kinds[ev.transceiver.mid] || ev.track.kind;
    const el = role === "screen" ? $("remote-screen") : role === "camera" || role === "video" ? $("remote-camera") : $("remote-audio");
    el.srcObject = new MediaStream([ev.track]);
  };
  pc.onconnectionstatechange = () => {
    if (pc.connectionState === "connected") $("call-status").textContent = "通话中 Connected";
    if (pc.connectionState === "failed") { send({ type: "hangup", call_id: state.callId }); endCall("连接失败 Connection failed"); }
  };
  await pc.setRemoteDescription({ type: "offer", sdp: msg.sdp });
  state.local = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
  $("local-camera").srcObject = state.local;
  for (const track of state.local.getTracks()) pc.addTrack(track, state.local);
  await pc.setLocalDescription(await pc.createAnswer());
  await gatheringDone(pc, 3000);
  send({ type: "answer", call_id: state.callId, sdp: pc.localDescription.sdp });
}

function endCall(text) {
  if (state.pc) { state.pc.close(); state.pc = null; }
  if (state.local) { for (const t of state.local.getTracks()) t.stop(); state.local = null; }
  for (const id of ["remote-camera", "remote-screen", "remote-audio", "local-camera"]) $(id).srcObject = null;
  if (state.callId !== null) notice(text);
  state.callId = null;
  $("call-panel").hidden = true;
  $("message").value = "";
}

const REASONS = {
  terminal_hung_up: "居民已挂断 The resident hung up",
  terminal_left: "终端已断开 The terminal disconnected",
  staff_hung_up: "已挂断 Call ended",
  staff_left: "已挂断 Call ended",
};

function onFrame(msg) {
  switch (msg.type) {
    case "welcome": notice(""); break;
    case "queue": showQueue(msg.calls); break;
    case "offer": onOffer(msg).catch((e) => { send({ type: "hangup", call_id: state.callId }); endCall(`无法建立通话 Could not set up the call: ${e}`); }); break;
    case "ended": if (msg.call_id === state.callId) endCall(REASONS[msg.reason] || `通话结束 Call ended (${msg.reason})`); break;
    case "error": if (msg.code === "unauthorised") { notice("请重新登录 Please log in again"); } break;
  }
}

$("login").onclick = () => login().catch((e) => { $("login-error").textContent = `登录失败 Login failed: ${e}`; });
$("password").addEventListener("keydown", (e) => { if (e.key === "Enter") $("login").click(); });
$("hangup").onclick = () => { send({ type: "hangup", call_id: state.callId }); endCall("已挂断 Call ended"); };
$("message-form").onsubmit = (e) => {
  e.preventDefault();
  const text = $("message").value.trim();
  if (text && state.callId) { send({ type: "message", call_id: state.callId, text }); $("message").value = ""; }
};
