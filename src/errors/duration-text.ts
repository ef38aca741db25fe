/**
 * A time left, in Korean, as precise as it matters: "45초", "9분", "3시간 20분", "2일 4시간".
 * Shared with the browser client, which counts a mute down with it.
 */
export function durationText(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole < 60) return `${whole}초`;
  const minutes = Math.ceil(whole / 60);
  if (minutes < 60) return `${minutes}분`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return joinUnits([hours, '시간'], [minutes % 60, '분']);
  return joinUnits([Math.floor(hours / 24), '일'], [hours % 24, '시간']);
}

function joinUnits(...parts: [number, string][]): string {
  return parts
    .filter(([count]) => count > 0)
    .map(([count, unit]) => `${count}${unit}`)
    .join(' ');
}
