/* Gavel display: an optional chime at time up, made with WebAudio (no audio file).
 *
 * Off by default and switched per display: ?chime=1 or ?chime=0 in the address, or the bell
 * button, remembered in this browser's localStorage. Browsers start audio only after a user
 * gesture: the button's click unlocks it; a display switched on by its address alone tries
 * and, if the browser refuses, shows the bell as blocked until someone clicks it. */
"use strict";
(function (Gavel) {
  var KEY = "gavel.chime";

  function Chime(button) {
    this.button = button;
    this.context = null;
    this.enabled = false;
    this.count = 0; // chimes played (or attempted while blocked), for tests
  }

  Chime.prototype.load = function (param) {
    var stored = null;
    try { stored = window.localStorage.getItem(KEY); } catch (e) { /* storage disabled */ }
    if (param === "1" || param === "on" || param === "true") this.set(true, false);
    else if (param === "0" || param === "off" || param === "false") this.set(false, false);
    else this.set(stored === "1", false);
  };

  Chime.prototype.set = function (enabled, persist) {
    this.enabled = enabled;
    if (persist) {
      try { window.localStorage.setItem(KEY, enabled ? "1" : "0"); } catch (e) { /* ignore */ }
    }
    if (enabled) this.unlock();
    this.show();
  };

  Chime.prototype.toggle = function () { this.set(!this.enabled, true); };

  Chime.prototype.audio = function () {
    if (this.context) return this.context;
    var AudioContext = window.AudioContext || window.webkitAudioContext;
    if (!AudioContext) return null;
    try {
      this.context = new AudioContext();
    } catch (e) {
      this.context = null;
    }
    return this.context;
  };

  Chime.prototype.blocked = function () {
    var context = this.audio();
    return !context || context.state !== "running";
  };

  Chime.prototype.unlock = function () {
    var self = this;
    var context = this.audio();
    if (context && context.state !== "running" && context.resume) {
      try {
        var result = context.resume();
        if (result && result.then) result.then(function () { self.show(); }, function () { self.show(); });
      } catch (e) { /* refused without a gesture */ }
    }
  };

  Chime.prototype.show = function () {
    if (!this.button) return;
    var state = !this.enabled ? "off" : this.blocked() ? "blocked" : "on";
    this.button.setAttribute("data-chime", state);
    this.button.setAttribute("aria-pressed", this.enabled ? "true" : "false");
    this.button.title = Gavel.i18n.t(state === "off" ? "chime.off" : state === "blocked" ? "chime.blocked" : "chime.on");
  };

  /* Three soft bell strikes: two partials with an exponential decay. */
  Chime.prototype.play = function () {
    if (!this.enabled) return;
    this.count += 1;
    document.documentElement.setAttribute("data-chimes", String(this.count));
    var context = this.audio();
    if (!context) return;
    if (context.state !== "running") { this.unlock(); this.show(); return; }
    try {
      var start = context.currentTime + 0.02;
      for (var strike = 0; strike < 3; strike++) {
        var at = start + strike * 0.45;
        var partials = [[880, 0.22], [1320, 0.09], [2640, 0.03]];
        for (var i = 0; i < partials.length; i++) {
          var oscillator = context.createOscillator();
          var gain = context.createGain();
          oscillator.type = "sine";
          oscillator.frequency.value = partials[i][0];
          gain.gain.setValueAtTime(0.0001, at);
          gain.gain.exponentialRampToValueAtTime(partials[i][1], at + 0.01);
          gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.4);
          oscillator.connect(gain);
          gain.connect(context.destination);
          oscillator.start(at);
          oscillator.stop(at + 1.5);
        }
      }
    } catch (e) { /* no sound is better than a broken display */ }
  };

  Gavel.Chime = Chime;
})(window.Gavel = window.Gavel || {});
