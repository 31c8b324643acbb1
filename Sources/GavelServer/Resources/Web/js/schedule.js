/* Gavel display: the whole picture from gavel.v2's messages.
 *
 * gavel.v2 sends the plan (`agenda`), what happened to each item (`progress`) and the queue only
 * when they change, and with every change a small `state` that names items by index. The views
 * draw gavel.v1's shape of state (every item with its projected times), so this file puts it
 * back together, as the Swift client does:
 *   project(facts, now)  is ScheduleProjection(_:at:)   (Sources/GavelCore/Schedule/)
 *   assemble(held)       is StateMessage(agenda:progress:queue:live:)   (GavelProtocol/V2/)
 * Both must stay line for line with those: a display test compares this page's assembly with
 * the daemon's own gavel.v1 state (Tests/python/display/test_protocol_v2.py). All times are
 * whole milliseconds on the daemon's timeline, so the arithmetic is exact. */
"use strict";
(function (Gavel) {
  function clampedToZero(ms) { return ms < 0 ? 0 : ms; }
  /* The time an item takes in the projection from now: what is left of it, none when dropped
   * (ScheduleFacts.Item.length). */
  function lengthOf(item) { return item.dropped ? 0 : clampedToZero(item.remainingMs); }
  function orNull(value) { return value == null ? null : value; }

  /* ---------- the projection ---------- */

  /* The meeting against its plan at `now` (ms): every item's status and its projected (or
   * actual) start and end, the drift and the projected end. `facts` is what ScheduleFacts holds:
   * { planDate, agendaDate, phase, currentItem, lastItem, startedAt, endedAt,
   *   items: [{ plannedStart, plannedEnd, day, actualStart, actualEnd, remainingMs, fixed, dropped }] }. */
  function project(facts, now) {
    var items = facts.items, count = items.length;
    var current = orNull(facts.currentItem), lastItem = orNull(facts.lastItem);
    var lastRun = lastItem != null ? lastItem : -1;
    var entries = items.map(function (item, index) {
      var status = index === current ? "current"
        : item.actualStart != null ? "done"
        : index < lastRun || facts.phase === "ended" ? "skipped" : "upcoming";
      return {
        index: index,
        status: status,
        plannedStart: item.plannedStart,
        plannedEnd: item.plannedEnd,
        projectedStart: orNull(item.actualStart),
        projectedEnd: orNull(item.actualEnd)
      };
    });

    // The point the projection runs from: where the meeting stands now, and where the plan
    // says it should stand at that point.
    var projected, plannedPoint, firstUpcoming;
    if (facts.phase === "ended") {
      projected = facts.endedAt != null ? facts.endedAt : now;
      plannedPoint = lastItem != null ? items[lastItem].plannedEnd : items[0].plannedStart;
      firstUpcoming = count;
    } else if (current != null) {
      projected = now + clampedToZero(items[current].remainingMs);
      plannedPoint = items[current].plannedEnd;
      entries[current].projectedEnd = projected;
      firstUpcoming = current + 1;
    } else if (lastItem != null) {
      if (lastItem + 1 < count) {
        projected = now;
        plannedPoint = items[lastItem + 1].plannedStart;
        entries[lastItem + 1].projectedStart = now;
      } else {
        projected = items[lastItem].actualEnd != null ? items[lastItem].actualEnd : now;
        plannedPoint = items[lastItem].plannedEnd;
      }
      firstUpcoming = lastItem + 1;
    } else {
      projected = Math.max(now, items[0].plannedStart);
      plannedPoint = items[0].plannedStart;
      entries[0].projectedStart = projected;
      firstUpcoming = 0;
    }

    // Upcoming items follow one another with their planned gaps; a delay does not carry over
    // into another day of a multi-day programme unless it runs into it.
    var previousEnd = projected, previousPlannedEnd = plannedPoint, index, end;
    if (firstUpcoming < count && entries[firstUpcoming].projectedStart != null) {
      // Between items: the next one starts now (a fixed one at its time; a dropped one takes
      // none). (As in Swift, this also takes an item after the current one that has run before,
      // from its actual start.)
      if (items[firstUpcoming].fixed && items[firstUpcoming].actualStart == null) {
        entries[firstUpcoming].projectedStart = Math.max(entries[firstUpcoming].projectedStart,
          items[firstUpcoming].plannedStart);
      }
      end = entries[firstUpcoming].projectedStart + lengthOf(items[firstUpcoming]);
      entries[firstUpcoming].projectedEnd = end;
      previousEnd = end;
      previousPlannedEnd = items[firstUpcoming].plannedEnd;
      firstUpcoming += 1;
    }
    for (index = firstUpcoming; index < count; index++) {
      // index >= 1 here: every branch above has consumed item 0 or starts after it.
      var sameDay = items[index].day === items[index - 1].day;
      // A dropped item takes no time, nor the gap before it.
      var gap = items[index].dropped ? 0 : clampedToZero(items[index].plannedStart - previousPlannedEnd);
      var start = sameDay ? previousEnd + gap : Math.max(items[index].plannedStart, previousEnd);
      if (items[index].fixed && !items[index].dropped) start = Math.max(start, items[index].plannedStart);
      end = start + lengthOf(items[index]);
      entries[index].projectedStart = start;
      entries[index].projectedEnd = end;
      previousEnd = end;
      previousPlannedEnd = items[index].plannedEnd;
    }

    var plannedEnd = items[count - 1].plannedEnd;
    var projectedEnd = projected;
    for (index = count - 1; index >= 0; index--) {
      if (entries[index].projectedEnd != null) {
        projectedEnd = entries[index].projectedEnd;
        break;
      }
    }
    var clockDrift = facts.phase === "notStarted" ? clampedToZero(now - items[0].plannedStart)
      : projected - plannedPoint;
    var durationDrift = null;
    if (facts.startedAt != null) {
      // The item that ran first (the first of equals, as Swift's min(by:)).
      var firstRun = -1;
      for (index = 0; index < count; index++) {
        if (items[index].actualStart == null) continue;
        if (firstRun < 0 || items[index].actualStart < items[firstRun].actualStart) firstRun = index;
      }
      if (firstRun >= 0) {
        durationDrift = projected - (facts.startedAt + (plannedPoint - items[firstRun].plannedStart));
      }
    }
    return {
      planDate: facts.planDate,
      dateShifted: facts.planDate !== facts.agendaDate,
      entries: entries,
      clockDriftMs: clockDrift,
      durationDriftMs: durationDrift,
      plannedEnd: plannedEnd,
      projectedEnd: Math.max(projectedEnd, projected)
    };
  }

  /* ---------- the facts a gavel.v2 display holds ---------- */

  /* The current item's time left at `at`: counting down to endsAt while it runs, as sent while
   * it is stopped. At the state's own serverTime, exactly what the state says. */
  function remainingAt(timer, serverTime, at) {
    if (at === serverTime || !timer.running || timer.endsAt == null) return timer.remainingMs;
    return timer.endsAt - at;
  }

  /* The progress a meeting that has not started has, which the daemon would send: every item
   * upcoming and unused. A view that does not subscribe to `progress` still shows the first
   * item's time and when the one after it starts. */
  function impliedProgress(agenda) {
    return {
      type: "progress",
      seq: agenda.seq,
      items: agenda.items.map(function (item) {
        return { index: item.index, status: "upcoming", actualStart: null, actualEnd: null,
          allottedMs: item.plannedMs, elapsedMs: 0 };
      })
    };
  }

  /* The progress to project from: the one received (when it fits the agenda), else the implied
   * one before the start; null when there is none (a view without `progress` after the start). */
  function progressOf(held) {
    var agenda = held.agenda, live = held.live;
    if (!agenda || !agenda.items.length || !live) return null;
    if (held.progress && held.progress.items.length === agenda.items.length) return held.progress;
    return live.meeting.phase === "notStarted" ? impliedProgress(agenda) : null;
  }

  /* ScheduleFacts(agenda:progress:live:), the current item's time left read at `at`. */
  function factsOf(agenda, progress, live, at) {
    var current = live.item;
    return {
      planDate: agenda.meeting.planDate,
      agendaDate: agenda.meeting.agendaDate,
      items: agenda.items.map(function (planned, i) {
        var done = progress.items[i];
        var remaining = current && current.index === planned.index ? remainingAt(current, live.serverTime, at)
          : (done.allottedMs || 0) - (done.elapsedMs || 0);
        return {
          plannedStart: planned.plannedStart,
          plannedEnd: planned.plannedEnd,
          day: planned.day,
          actualStart: orNull(done.actualStart),
          actualEnd: orNull(done.actualEnd),
          remainingMs: remaining,
          fixed: planned.fixed === true,
          dropped: done.dropped === true && done.actualStart == null
        };
      }),
      phase: live.meeting.phase,
      currentItem: current ? current.index : null,
      lastItem: orNull(live.meeting.lastItem),
      startedAt: orNull(live.meeting.startedAt),
      endedAt: orNull(live.meeting.endedAt)
    };
  }

  /* The projection from what a display holds ({agenda, progress, queue, live}), at `at` (the
   * state's serverTime unless given): null when it holds no progress to project from. */
  function projection(held, at) {
    var progress = progressOf(held);
    if (!progress) return null;
    if (at == null) at = held.live.serverTime;
    return project(factsOf(held.agenda, progress, held.live, at), at);
  }

  /* ---------- the whole state ---------- */

  /* gavel.v1's state from the messages held ({agenda, progress, queue, live}: the latest of
   * each), as StateMessage(agenda:progress:queue:live:) puts it together. Without progress
   * (after the start, for a view that did not ask for it) `items` is empty; without the queue
   * topic `queue` is; `state.next` and `schedule` come from the state either way.
   *
   * `at`, for tests and tools: the schedule (items, schedule, next.projectedStart) projected at
   * another instant than serverTime, as the daemon's state of that instant would have it (the
   * timers stay as of serverTime). The result carries the messages it came from as a hidden
   * (non-enumerable, so not in its JSON) `held`, so that a view can project again as time
   * passes: a copy, since the next change's agenda or progress arrives before its state. */
  function assemble(held, at) {
    var agenda = held.agenda, live = held.live;
    var plan = agenda ? agenda.items : [];
    /* The agenda's titles in other languages, where it gives them (as gavel.v1's state). */
    var withTitles = function (target, planned) {
      if (planned.titles) target.titles = planned.titles;
      return target;
    };
    var plannedItem = function (index) { return plan[index] || { id: "", title: "", kind: "session", people: [] }; };
    var about = agenda ? agenda.meeting : { title: "", timeZone: null };
    var progress = progressOf(held);
    var when = at == null ? live.serverTime : at;
    var p = progress ? project(factsOf(agenda, progress, live, when), when) : null;
    var moved = p && when !== live.serverTime;

    var state = {
      type: "state",
      seq: live.seq,
      serverTime: live.serverTime,
      meeting: {
        id: live.meeting.id,
        title: about.title,
        subtitle: orNull(about.subtitle),
        venue: orNull(about.venue),
        timeZone: about.timeZone,
        phase: live.meeting.phase,
        startedAt: orNull(live.meeting.startedAt),
        endedAt: orNull(live.meeting.endedAt),
        planDate: about.planDate,
        agendaDate: about.agendaDate,
        dateShifted: about.dateShifted,
        paused: live.meeting.paused,
        pausedSince: orNull(live.meeting.pausedSince)
      },
      item: null,
      floor: orNull(live.floor),
      next: null,
      schedule: moved ? {
        clockDriftMs: p.clockDriftMs,
        durationDriftMs: p.durationDriftMs,
        plannedEnd: p.plannedEnd,
        projectedEnd: p.projectedEnd,
        hardEnd: live.schedule.hardEnd
      } : live.schedule,
      items: [],
      queue: held.queue ? held.queue.speakers : [],
      message: orNull(live.message),
      displays: orNull(live.displays),
      listPlan: orNull(live.listPlan),
      listClosed: held.queue && held.queue.closed ? true : null
    };
    withTitles(state.meeting, about);
    var timer = live.item;
    if (timer) {
      var planned = plannedItem(timer.index);
      state.item = {
        index: timer.index,
        id: timer.id,
        title: planned.title,
        kind: planned.kind,
        plannedStart: planned.plannedStart,
        plannedEnd: planned.plannedEnd,
        startedAt: orNull(timer.startedAt),
        allottedMs: timer.allottedMs,
        elapsedMs: timer.elapsedMs,
        remainingMs: timer.remainingMs,
        overrunMs: timer.overrunMs,
        pausedMs: timer.pausedMs,
        addedMs: timer.addedMs,
        running: timer.running,
        endsAt: orNull(timer.endsAt),
        level: timer.level,
        thresholds: timer.thresholds,
        people: planned.people
      };
      withTitles(state.item, planned);
    }
    if (live.next) {
      var after = plannedItem(live.next.index);
      state.next = {
        index: live.next.index,
        id: after.id,
        title: after.title,
        kind: after.kind,
        plannedStart: after.plannedStart,
        projectedStart: moved ? p.entries[live.next.index].projectedStart : orNull(live.next.projectedStart)
      };
      withTitles(state.next, after);
    }
    if (p) {
      state.items = p.entries.map(function (entry) {
        var planned = plannedItem(entry.index);
        var done = progress.items[entry.index];
        var current = entry.status === "current" ? timer : null;
        var itemState = {
          index: entry.index,
          id: planned.id,
          title: planned.title,
          kind: planned.kind,
          status: entry.status,
          plannedStart: entry.plannedStart,
          plannedEnd: entry.plannedEnd,
          projectedStart: entry.projectedStart,
          projectedEnd: entry.projectedEnd,
          actualStart: orNull(done.actualStart),
          actualEnd: orNull(done.actualEnd),
          allottedMs: current ? current.allottedMs : done.allottedMs != null ? done.allottedMs : 0,
          // The current item's use at `at`: allotted minus its time left then.
          elapsedMs: !current ? (done.elapsedMs != null ? done.elapsedMs : 0)
            : moved ? current.allottedMs - remainingAt(current, live.serverTime, when) : current.elapsedMs
        };
        // Present only when they say something, as in gavel.v1.
        if (planned.fixed) itemState.fixed = true;
        if (entry.status === "upcoming" && done.dropped) itemState.dropped = true;
        if (done.planAllotmentMs != null) itemState.planAllotmentMs = done.planAllotmentMs;
        return withTitles(itemState, planned);
      });
    }
    Object.defineProperty(state, "held", {
      value: { agenda: agenda, progress: held.progress, queue: held.queue, budgets: held.budgets || null, live: live },
      enumerable: false
    });
    return state;
  }

  Gavel.schedule = {
    project: project,
    projection: projection,
    impliedProgress: impliedProgress,
    assemble: assemble
  };
})(window.Gavel = window.Gavel || {});
