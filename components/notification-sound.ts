'use client';

// A short two-note chime made with the Web Audio API: no sound file, nothing to license.
// Browsers only let a page play sound after the user interacted with it; until then the
// chime is silently skipped (the browser notification still shows).
let context: AudioContext | undefined;

function audio(): AudioContext | undefined {
  if (typeof window === 'undefined' || typeof window.AudioContext !== 'function') return undefined;
  context ??= new window.AudioContext();
  return context;
}

/** Call from a user gesture (a click): lets later chimes play. */
export function unlockSound(): void {
  void audio()?.resume().catch(() => {});
}

export function playChime(): void {
  const ctx = audio();
  if (!ctx || ctx.state !== 'running') return;
  const start = ctx.currentTime;
  for (const [index, frequency] of [880, 1318.5].entries()) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    const at = start + index * 0.14;
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.3);
  }
}
