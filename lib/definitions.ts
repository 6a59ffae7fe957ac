// The shapes the dashboard's components receive from the API, and the live events, in one
// place that server and browser code both import (no server module behind a `typeof`).

/** A change for open dashboards; it names what changed, the browser fetches the data. */
export type LiveEvent =
  | { type: 'message'; conversationId: string }
  | { type: 'status'; conversationId: string }
  | { type: 'conversation'; conversationId: string }
  // The list of labels changed (added, renamed, recoloured, deleted): lists and pickers refetch.
  | { type: 'labels' }
  // The team changed (a user added, (de)activated, available or away, their vacancies): pickers refetch.
  | { type: 'users' }
  // The quick replies changed (added, changed, deleted): the admin list refetches.
  | { type: 'quick_replies' }
  // Something to tell one user (lib/notifications): only that user's dashboards show it.
  | { type: 'notification'; userId: string; notificationId: string; conversationId: string; kind: NotificationKind }
  // That user read notifications (in another tab): their counts change.
  | { type: 'notifications_read'; userId: string }
  // The listen connection was re-established: notifications may have been missed.
  | { type: 'resync' };

/** Why a user is told about a conversation (lib/notifications). */
export type NotificationKind = 'assigned' | 'unassigned' | 'candidate_wrote' | 'window_closing' | 'mention';

/** Which kinds a user receives (users.notification_prefs; a missing key is on). */
export type NotificationPrefs = Partial<Record<NotificationKind, boolean>>;

/** The signed-in user's own settings (GET/PATCH /api/users/me). */
export interface UserSettings {
  id: string;
  email: string;
  name: string;
  role: 'ADMIN' | 'RECRUITER';
  available: boolean;
  locale: string | null;
  notifications: Record<NotificationKind, boolean>;
  vacancies: string[];
}

export interface ConversationSummary {
  id: string;
  status: 'OPEN' | 'NEEDS_HUMAN' | 'RESOLVED';
  mode: 'BOT' | 'HUMAN';
  assignee: { id: string; name: string } | null;
  name: string;
  waId: string | null;
  lastMessageAt: string;
  lastMessagePreview: string | null;
  unreadCount: number;
  windowClosesAt: string | null;
  handoffReason: string | null;
  qualification: string | null;
  /** A screening the candidate stopped answering (lib/agent/nudge.ts). */
  stalled: boolean;
  labels: LabelChip[];
}

/**
 * How many conversations each filter option would show with the other filters as they are
 * (GET /api/conversations/counts, lib/conversations/counts.ts).
 */
export interface ConversationCounts {
  /** The list as filtered now. */
  total: number;
  status: { OPEN: number; NEEDS_HUMAN: number; RESOLVED: number };
  /** `users`: each user who has conversations in this view, by name. */
  assignee: { me: number; none: number; users: { id: string; name: string; count: number }[] };
  /** Per label id; labels no conversation here carries are absent (0). */
  label: Record<string, number>;
  /** Per vacancy of the screening, and `none`. */
  vacancy: Record<string, number>;
  qualification: { QUALIFIED: number; MAYBE: number; NOT_A_FIT: number; none: number };
  /** The screening's vacancies with their names. */
  vacancies: { id: string; name: { nl: string; en: string } }[];
}

/** A label as it is shown on a conversation (lib/labels). */
export interface LabelChip {
  id: string;
  name: string;
  /** "#rrggbb" */
  color: string;
}

export interface ScreeningAnswer {
  questionId: string;
  question: string;
  answer: string;
  /** What the candidate wrote that gave this answer (absent for a tapped button). */
  source: string | null;
}

/** An internal note in a conversation's timeline (lib/notes): never sent to WhatsApp. */
export interface TimelineNote {
  id: string;
  author: { id: string; name: string } | null;
  body: string;
  /** Colleagues the note mentions with @ (each told once). */
  mentions: { id: string; name: string }[];
  at: string;
  editedAt: string | null;
  /** The signed-in user wrote it: they alone may change or delete it. */
  mine: boolean;
}

/** A shared snippet for the composer (lib/quick-replies); `filled`: its variables filled for one conversation. */
export interface QuickReplyOption {
  id: string;
  shortcut: string;
  language: 'nl' | 'en';
  title: string;
  body: string;
  filled?: string;
}

export interface ConversationDetail {
  id: string;
  status: 'OPEN' | 'NEEDS_HUMAN' | 'RESOLVED';
  mode: 'BOT' | 'HUMAN';
  assignee: { id: string; name: string } | null;
  language: string;
  unreadCount: number;
  windowClosesAt: string | null;
  handoff: { reason: string; at: string | null; summary: unknown } | null;
  candidate: {
    id: string;
    name: string | null;
    waId: string | null;
    userId: string | null;
    username: string | null;
    answers: unknown;
    screening: ScreeningAnswer[];
    openQuestions: { text: string; at: string }[];
    qualification: string | null;
    vacancy: string | null;
    screenedAt: string | null;
    since: string;
  };
  /** ASSIGN events also name the new assignee (null: nobody). */
  events: { type: string; reason: string | null; by: string | null; at: string; assignee?: string | null }[];
  labels: LabelChip[];
}

export interface TimelineMessage {
  id: string;
  seq: string;
  direction: 'INBOUND' | 'OUTBOUND';
  author: 'CANDIDATE' | 'BOT' | 'RECRUITER';
  authorName: string | null;
  type: string;
  text: string | null;
  unsupported: boolean;
  payload: unknown;
  hasMedia: boolean;
  mediaMimeType: string | null;
  mediaFilename: string | null;
  at: string;
  status: string;
  /** `category` (lib/whatsapp/errors.ts) lets the dashboard say `sentence` in the user's language. */
  error: { code: number | null; title: string | null; sentence: string; category?: string | null } | null;
  reactions: { emoji: string; at: string }[];
  /** Changed after it was sent: edited (text is the new one) or deleted (text gone). */
  editedAt?: string | null;
  deletedAt?: string | null;
  /** Outbound, typed in the WhatsApp Business app on the same number. */
  fromBusinessApp?: boolean;
  /** Inbound, sent in a WhatsApp group. */
  groupId?: string | null;
}

/** One of the signed-in user's notifications (GET /api/notifications): the candidate's name and the reason, never what they wrote. */
export interface NotificationItem {
  id: string;
  conversationId: string;
  kind: NotificationKind;
  /** The candidate's WhatsApp name; null when they have none (never their number). */
  name: string | null;
  createdAt: string;
  readAt: string | null;
}
