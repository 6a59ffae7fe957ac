// Where a newly started instance tells its operator how to connect 360Dialog.
export function StatusCard() {
  const rows: [string, string][] = [
    ['Webhook (360Dialog posts here)', 'POST /webhook/whatsapp'],
    ['Verification handshake', 'GET /webhook/whatsapp?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…'],
    ['Health', 'GET /api/health'],
  ];
  return (
    <section
      aria-label="Endpoints"
      style={{ background: 'var(--card)', border: '1px solid var(--border)', borderRadius: 12, padding: 20 }}
    >
      <dl style={{ margin: 0, display: 'grid', gap: 12 }}>
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt style={{ color: 'var(--muted)', fontSize: 14 }}>{label}</dt>
            <dd style={{ margin: 0 }}>
              <code>{value}</code>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
