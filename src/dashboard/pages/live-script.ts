/**
 * /assets/live.js: short polling for the pages that show waiting runs and watches in progress.
 * Every 2 s it reads the URL in <body data-live>, computes the same state string the server
 * rendered (awaitingState, runState and watchKey in format.ts) and reloads the page when it
 * differs: a new interval, a run that starts waiting, an answer, the end. No framework, no build.
 */
export const LIVE_JS = `(() => {
  const body = document.body;
  const url = body.dataset.live;
  if (!url) return;
  // A form on its way (Approve / Deny) must not be cut short by a reload: its answer page comes next.
  let submitting = false;
  document.addEventListener('submit', () => { submitting = true; });
  const watchKey = (r) => {
    const w = r.watch;
    if (!w) return '';
    const last = w.intervals.length ? w.intervals[w.intervals.length - 1].index : 0;
    return last + '/' + w.plannedIntervals + (w.status === 'running' ? '' : ' ' + w.status);
  };
  const stateOf = (j) => Array.isArray(j.runs)
    ? j.runs.map((r) => r.runId + ':' + (r.answer ? r.answer.decision : '')).sort().join(',')
      + (Array.isArray(j.watching) ? '|' + j.watching.map((r) => r.runId + ':' + watchKey(r)).sort().join(',') : '')
    : j.state + ':' + (j.answer ? j.answer.decision : '') + ':' + watchKey(j);
  const tick = async () => {
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (submitting) return;
      if (res.ok && stateOf(await res.json()) !== body.dataset.state) return location.reload();
    } catch {}
    setTimeout(tick, 2000);
  };
  setTimeout(tick, 2000);
})();
`;
