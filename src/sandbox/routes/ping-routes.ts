// GET /ping: the server time in the `date` command's format, as the API answers it.

import { ok, route, type Route } from '../router.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Tue Feb 7 19:05:03 UTC 2017`: the day of the month is not padded, as in the reference. */
export function formatPingTime(d: Date): string {
  const hms = d.toISOString().slice(11, 19);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${hms} UTC ${d.getUTCFullYear()}`;
}

export const pingRoutes: Route[] = [route('GET', '/ping', () => ok({ time: formatPingTime(new Date()) }))];
