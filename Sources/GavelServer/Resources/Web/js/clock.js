/* Gavel display: the server's clock, estimated NTP-style over the WebSocket.
 *
 * The page never reads the wall clock (no Date.now(), no new Date()): a display whose own
 * clock is minutes wrong, or is stepped while we run, must still count down right. Local time
 * is performance.timeOrigin + performance.now(), which is monotonic within the page; the
 * offset to the server's timeline comes from ping/pong:
 *   offset = ((t1 − t0) + (t2 − t3)) / 2,  round trip = (t3 − t0) − (t2 − t1)
 * A burst of samples on every (re)connection and every few minutes; the estimate is the offset
 * of the sample with the smallest round trip among the recent ones (the least queueing, so the
 * least asymmetry). A server restart re-anchors its timeline, so a new connection starts over. */
"use strict";
(function (Gavel) {
  var perf = window.performance;
  var origin = perf.timeOrigin;
  if (!(origin > 0)) origin = perf.timing && perf.timing.navigationStart; // older browsers

  function localNow() { return origin + perf.now(); }

  function ClockSync(options) {
    options = options || {};
    this.burstSize = options.burstSize || 8;
    this.burstSpacingMs = options.burstSpacingMs || 120;
    this.resyncEveryMs = options.resyncEveryMs || 5 * 60 * 1000;
    this.sampleLifetimeMs = options.sampleLifetimeMs || 11 * 60 * 1000;
    this.send = null;          // function (message): set by the connection
    this.onSample = null;      // function (): after each sample taken (the presence report)
    this.offset = 0;           // server time − local time
    this.rtt = null;           // round trip of the sample in use; null: a rough estimate only
    this.synced = false;       // at least one ping/pong sample since the connection opened
    this.samples = [];         // {at, rtt, offset}
    this.timers = [];
    this.resyncTimer = null;
  }

  ClockSync.prototype.now = function () { return localNow() + this.offset; };
  ClockSync.prototype.localNow = localNow;

  /* A new connection: forget the old timeline, take a rough offset from the server's send
   * timestamp (off by the one-way delay at most) until the pongs arrive. */
  ClockSync.prototype.reset = function (serverTime) {
    this.samples = [];
    this.synced = false;
    this.rtt = null;
    if (serverTime != null) this.offset = serverTime - localNow();
  };

  /* Any message stamped by the server: if our estimate says it arrived before it was sent (or
   * absurdly late), the estimate is stale (the device slept, a clock misbehaved): resync. */
  ClockSync.prototype.check = function (serverTime) {
    if (serverTime == null) return;
    var lateness = this.now() - serverTime;
    if (!this.synced) {
      if (lateness < 0) this.offset = serverTime - localNow();
      return;
    }
    if (lateness < -Math.max(50, this.rtt || 0) || lateness > 5000) this.burst();
  };

  ClockSync.prototype.ping = function () {
    if (!this.send) return false;
    return this.send({ type: "ping", t0: localNow() });
  };

  /* Several pings a little apart; the resync timer restarts from the burst. */
  ClockSync.prototype.burst = function () {
    var self = this;
    this.cancel();
    for (var i = 0; i < this.burstSize; i++) {
      this.timers.push(setTimeout(function () { self.ping(); }, i * this.burstSpacingMs));
    }
    this.resyncTimer = setTimeout(function () { self.burst(); }, this.resyncEveryMs);
  };

  ClockSync.prototype.cancel = function () {
    for (var i = 0; i < this.timers.length; i++) clearTimeout(this.timers[i]);
    this.timers = [];
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = null;
  };

  ClockSync.prototype.onPong = function (pong, t3) {
    if (pong.t0 == null || pong.t1 == null || pong.t2 == null) return;
    var rtt = (t3 - pong.t0) - (pong.t2 - pong.t1);
    if (!(rtt >= 0) || rtt > 10000) return; // not ours, or useless
    var sample = { at: t3, rtt: rtt, offset: ((pong.t1 - pong.t0) + (pong.t2 - t3)) / 2 };
    var cutoff = t3 - this.sampleLifetimeMs;
    this.samples = this.samples.filter(function (s) { return s.at >= cutoff; });
    this.samples.push(sample);
    var best = this.samples[0];
    for (var i = 1; i < this.samples.length; i++) {
      // The smallest round trip wins; an older sample only while it is clearly better, since
      // the two clocks drift apart slowly (tens of ms an hour at worst).
      var s = this.samples[i];
      if (s.rtt < best.rtt - 2 || (s.rtt <= best.rtt + 2 && s.at > best.at)) best = s;
    }
    this.offset = best.offset;
    this.rtt = best.rtt;
    this.synced = true;
    if (this.onSample) this.onSample();
  };

  Gavel.ClockSync = ClockSync;
  Gavel.localNow = localNow;
})(window.Gavel = window.Gavel || {});
