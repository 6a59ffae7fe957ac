'use client';

// Who handles this conversation, in its header. Anyone takes one nobody has and releases their
// own; an admin picks anyone (or nobody) from the list of users; a recruiter sees who has a
// colleague's. The API decides (POST /api/conversations/:id/assign); this only offers what it allows.
import { useTranslations } from 'next-intl';
import { useCallback, useState } from 'react';
import useSWR from 'swr';
import type { ConversationDetail } from '@/lib/definitions';
import { fetchJson } from '@/lib/swr/fetcher';
import { useLiveRefresh, type LiveChange } from '@/lib/swr/use-live-events';
import { useMySettings } from '@/lib/swr/use-my-settings';
import { compactSelect, notice, row } from './assignment-styles';

type User = { id: string; name: string; role: string; active: boolean; available: boolean };

const usersChanged = (change: LiveChange) => change.type === 'users';

export function AssigneeControl({ conversation: c, onChanged }: { conversation: ConversationDetail; onChanged: () => void }) {
  const t = useTranslations('assignment');
  const { settings: me } = useMySettings();
  const isAdmin = me?.role === 'ADMIN';
  const users = useSWR<{ users: User[] }>(isAdmin ? '/api/users' : null, fetchJson);
  const refetchUsers = users.mutate;
  useLiveRefresh(usersChanged, useCallback(() => void refetchUsers(), [refetchUsers]));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!me) return null;
  const mine = c.assignee?.id === me.id;

  async function assign(userId: string | null) {
    setBusy(true);
    setError(null);
    try {
      await fetchJson(`/api/conversations/${c.id}/assign`, { method: 'POST', body: JSON.stringify({ userId }) });
    } catch (e) {
      setError(t('failed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
      onChanged();
    }
  }

  const label = c.assignee ? t('assignedTo', { name: mine ? t('you') : c.assignee.name }) : t('unassigned');
  // The current assignee stays in the list even when deactivated or away since.
  const choices = (users.data?.users ?? []).filter((u) => (u.active && (u.available || u.id === me.id)) || u.id === c.assignee?.id);

  return (
    <div style={row} data-testid="assignee">
      {isAdmin ? (
        <label style={row}>
          <span className="muted small">{t('assignTo')}</span>
          <select
            className="input"
            style={compactSelect}
            aria-label={t('assignLabel')}
            value={c.assignee?.id ?? ''}
            disabled={busy || !users.data}
            onChange={(e) => assign(e.target.value || null)}
          >
            <option value="">{t('nobody')}</option>
            {c.assignee && !choices.some((u) => u.id === c.assignee!.id) ? <option value={c.assignee.id}>{c.assignee.name}</option> : null}
            {choices.map((u) => (
              <option key={u.id} value={u.id}>
                {u.available ? u.name : t('away', { name: u.name })}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <span className="badge">{label}</span>
      )}
      {!c.assignee && !isAdmin ? (
        <button type="button" className="button" disabled={busy} onClick={() => assign(me.id)}>
          {t('take')}
        </button>
      ) : null}
      {mine && !isAdmin ? (
        <button type="button" className="button ghost" disabled={busy} onClick={() => assign(null)}>
          {t('release')}
        </button>
      ) : null}
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** Above the composer when a colleague has the conversation: a reply is sent, and it stays theirs. */
export function AssignedElsewhereNotice({ conversation: c }: { conversation: ConversationDetail }) {
  const t = useTranslations('assignment');
  const { settings: me } = useMySettings();
  if (!me || !c.assignee || c.assignee.id === me.id) return null;
  return (
    <p style={notice} role="note" data-testid="assigned-elsewhere">
      {t('othersHaveIt', { name: c.assignee.name })}
    </p>
  );
}

/** One ASSIGN line of the conversation's history: "assigned to X by Y", "unassigned by Y". */
export function AssignmentEventText({ event }: { event: ConversationDetail['events'][number] }) {
  const t = useTranslations('assignment');
  if (event.assignee === undefined && event.type !== 'ASSIGN') return null;
  if (event.assignee) return <>{event.by ? t('eventAssigned', { assignee: event.assignee, by: event.by }) : t('eventAssignedByBot', { assignee: event.assignee })}</>;
  return <>{event.by ? t('eventUnassigned', { by: event.by }) : t('eventUnassignedByBot')}</>;
}
