import { CostChart } from '@/components/cost-chart';
import { PricingForm } from '@/components/pricing-form';
import { currentMonth, estimateCosts, monthParam } from '@/lib/costs/estimate';
import { loadPricing } from '@/lib/costs/settings';
import { requirePageUser } from '@/lib/auth/page-session';

export const dynamic = 'force-dynamic';

const eur = (value: number | null) =>
  value === null ? '–' : new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(value);

export default async function CostsPage(props: { searchParams: Promise<{ month?: string }> }) {
  const user = await requirePageUser();
  const settings = await loadPricing();
  const requested = monthParam.safeParse((await props.searchParams).month);
  const month = requested.success ? requested.data : currentMonth(settings.timeZone);
  const estimate = await estimateCosts(month, settings);
  const { totals, projection, leads, planner } = estimate;
  return (
    <main className="page wide">
      <div className="page-head">
        <h1>WhatsApp costs</h1>
        <form className="month" method="get">
          <label>
            Month <input type="month" name="month" defaultValue={month} className="input" />
          </label>
          <button className="button">Show</button>
          <a className="button" href={`/api/costs/csv?month=${month}`}>
            Download CSV
          </a>
        </form>
      </div>
      <p className="muted">
        {settings.model === 'per_message' ? 'Priced per delivered message (Meta since July 2025)' : 'Priced per 24-hour conversation'} · months in {settings.timeZone} ·
        measured: what WhatsApp reported in status webhooks; derived: estimated where it reported nothing.
      </p>
      <section className="cards" aria-label="Totals">
        <div className="card">
          <div className="muted small">Messages so far</div>
          <div className="figure" data-testid="messages-total">{eur(totals.messages)}</div>
          <div className="muted small">
            {eur(totals.measured)} measured · {eur(totals.derived)} derived
          </div>
        </div>
        <div className="card">
          <div className="muted small">With platform fee ({eur(totals.platformFee)})</div>
          <div className="figure" data-testid="total">{eur(totals.total)}</div>
        </div>
        <div className="card">
          <div className="muted small">
            Month end at this rate ({projection.daysElapsed} of {projection.daysInMonth} days)
          </div>
          <div className="figure">{eur(projection.total)}</div>
        </div>
        <div className="card">
          <div className="muted small">Per lead · per qualified lead</div>
          <div className="figure">
            {eur(leads.costPerLead)} · {eur(leads.costPerQualifiedLead)}
          </div>
          <div className="muted small">
            {leads.count} leads, {leads.qualified} qualified
          </div>
        </div>
      </section>
      <h2>By day</h2>
      <CostChart days={estimate.byDay} month={month} daysInMonth={projection.daysInMonth} />
      <h2>By category</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">{settings.model === 'per_message' ? 'Messages' : 'Conversations'}</th>
            <th scope="col">Charged</th>
            <th scope="col">Measured · derived</th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {estimate.byCategory.map((c) => (
            <tr key={c.category}>
              <td>{c.category}</td>
              <td>{c.units}</td>
              <td>{c.chargedUnits}</td>
              <td>
                {c.measuredUnits} · {c.derivedUnits}
              </td>
              <td>{eur(c.eur)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>By vacancy</h2>
      {leads.byVacancy.length === 0 ? (
        <p className="empty">No leads this month.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Vacancy</th>
              <th scope="col">Leads</th>
              <th scope="col">Qualified</th>
              <th scope="col">Messages cost</th>
              <th scope="col">Per lead</th>
            </tr>
          </thead>
          <tbody>
            {leads.byVacancy.map((v) => (
              <tr key={v.vacancy}>
                <td>{v.vacancy}</td>
                <td>{v.leads}</td>
                <td>{v.qualified}</td>
                <td>{eur(v.eur)}</td>
                <td>{eur(v.costPerLead)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>The planner</h2>
      <p data-testid="planner">
        {planner.leadsPerWeek} leads a week ({planner.monthlyLeads} a month) × {planner.conversationsPerLead} conversations × {eur(planner.pricePerConversation)} ={' '}
        <strong>{eur(planner.messages)}</strong> in messages, <strong>{eur(planner.total)}</strong> with the platform fee.{' '}
        {planner.differenceWithReal >= 0
          ? `That is ${eur(planner.differenceWithReal)} more than the messages cost so far this month.`
          : `The messages so far cost ${eur(-planner.differenceWithReal)} more than planned.`}
      </p>
      {user.role === 'ADMIN' ? <PricingForm settings={settings} /> : null}
    </main>
  );
}
