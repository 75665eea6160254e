/** The counter's activities with the tariffs UiTPAS grants the passholder. */
import { ActivityPage, ActivityQuery } from '../domain.js';
import { type CallSpec, defineCall } from '../rpc.js';

export const calls = {
  'activities.list': defineCall(ActivityQuery.strict(), ActivityPage),
} satisfies Record<`activities.${string}`, CallSpec>;
