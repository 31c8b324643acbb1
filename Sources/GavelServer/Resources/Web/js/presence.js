/* Gavel display: tells gaveld what this display is, for the technician's list (gavel displays,
 * /displays): its view, language, screen and browser, and its clock sync's offset and round trip
 * (docs/protocol.md, "display"). Sent after each hello; again once the first sync is in; then
 * when the sync moves materially, at most every 10 s (the daemon knows it is alive from the
 * pings: this is not a heartbeat). */
"use strict";
(function (Gavel) {
  var MIN_INTERVAL_MS = 10000;
  /* A change the technician would care about; smaller ones are the estimate's noise. */
  var MATERIAL_MS = 20;
  var USER_AGENT_MAX = 200;

  function Presence(options) {
    this.connection = options.connection;
    this.clock = options.clock;
    this.view = options.view;
    this.language = options.language;
    this.sent = null;       /* the last figures sent: {synced, offset, rtt, at} */
    this.timer = null;
  }

  Presence.prototype.message = function () {
    var message = { type: "display", view: this.view, language: this.language };
    if (this.clock.synced) {
      message.clockOffsetMs = Math.round(this.clock.offset * 10) / 10;
      message.roundTripMs = Math.round(this.clock.rtt * 10) / 10;
    }
    var screen = window.screen;
    if (screen && screen.width) message.screen = screen.width + "x" + screen.height;
    var agent = String(navigator.userAgent || "").replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
    if (agent) message.userAgent = agent.slice(0, USER_AGENT_MAX);
    return message;
  };

  Presence.prototype.send = function () {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.connection.send(this.message())) return;
    this.sent = { synced: this.clock.synced, offset: this.clock.offset, rtt: this.clock.rtt, at: Gavel.localNow() };
  };

  /* A new connection: the daemon knows nothing of this page yet. */
  Presence.prototype.onHello = function () {
    this.sent = null;
    this.send();
  };

  /* The clock sync took a sample. */
  Presence.prototype.onSync = function () {
    var sent = this.sent;
    if (!sent || !this.clock.synced) return;
    if (!sent.synced) { this.send(); return; }
    var moved = Math.abs(this.clock.offset - sent.offset) >= MATERIAL_MS ||
      Math.abs(this.clock.rtt - sent.rtt) >= Math.max(MATERIAL_MS, sent.rtt / 2);
    if (!moved || this.timer) return;
    var self = this, wait = sent.at + MIN_INTERVAL_MS - Gavel.localNow();
    if (wait <= 0) this.send();
    else this.timer = setTimeout(function () { self.send(); }, wait);
  };

  Gavel.Presence = Presence;
})(window.Gavel = window.Gavel || {});
