import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { CostChart } from '@/components/cost-chart';
import { PricingForm } from '@/components/pricing-form';
import { currentMonth, estimateCosts, monthParam } from '@/lib/costs/estimate';
import { loadPricing } from '@/lib/costs/settings';
import { requirePageUser } from '@/lib/auth/page-session';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('costs');
  return { title: t('title') };
}

export default async function CostsPage(props: { searchParams: Promise<{ month?: string }> }) {
  const user = await requirePageUser();
  const settings = await loadPricing();
  const t = await getTranslations('costs');
  const format = await getFormatter();
  // Amounts in the user's locale and the pricing's currency: "€ 1,23" in Dutch, "€1.23" in English.
  const money = (value: number | null) => (value === null ? '–' : format.number(value, { style: 'currency', currency: settings.currency }));
  const number = (value: number) => format.number(value);
  const requested = monthParam.safeParse((await props.searchParams).month);
  const month = requested.success ? requested.data : currentMonth(settings.timeZone);
  const estimate = await estimateCosts(month, settings);
  const { totals, projection, leads, planner } = estimate;
  const perMessage = settings.model === 'per_message';
  return (
    <main className="page wide">
      <div className="page-head">
        <h1>{t('title')}</h1>
        <form className="month" method="get">
          <label>
            {t('month')} <input type="month" name="month" defaultValue={month} className="input" />
          </label>
          <button className="button">{t('show')}</button>
          <a className="button" href={`/api/costs/csv?month=${month}`}>
            {t('downloadCsv')}
          </a>
        </form>
      </div>
      <p className="muted">{t('explanation', { model: settings.model, timeZone: settings.timeZone })}</p>
      <section className="cards" aria-label={t('totals')}>
        <div className="card">
          <div className="muted small">{t('messagesSoFar')}</div>
          <div className="figure" data-testid="messages-total">
            {money(totals.messages)}
          </div>
          <div className="muted small">{t('measuredDerived', { measured: money(totals.measured), derived: money(totals.derived) })}</div>
        </div>
        <div className="card">
          <div className="muted small">{t('withFee', { fee: money(totals.platformFee) })}</div>
          <div className="figure" data-testid="total">
            {money(totals.total)}
          </div>
        </div>
        <div className="card">
          <div className="muted small">{t('monthEnd', { elapsed: projection.daysElapsed, days: projection.daysInMonth })}</div>
          <div className="figure">{money(projection.total)}</div>
        </div>
        <div className="card">
          <div className="muted small">{t('perLead')}</div>
          <div className="figure">
            {money(leads.costPerLead)} · {money(leads.costPerQualifiedLead)}
          </div>
          <div className="muted small">{t('leadCount', { leads: leads.count, qualified: leads.qualified })}</div>
        </div>
      </section>
      <h2>{t('byDay')}</h2>
      <CostChart days={estimate.byDay} month={month} daysInMonth={projection.daysInMonth} currency={settings.currency} />
      <h2>{t('byCategory')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('category')}</th>
            <th scope="col">{perMessage ? t('messages') : t('conversations')}</th>
            <th scope="col">{t('charged')}</th>
            <th scope="col">{t('measuredSlashDerived')}</th>
            <th scope="col">{t('cost')}</th>
          </tr>
        </thead>
        <tbody>
          {estimate.byCategory.map((c) => (
            <tr key={c.category}>
              <td>{t.has(`categories.${c.category}`) ? t(`categories.${c.category}`) : c.category}</td>
              <td>{number(c.units)}</td>
              <td>{number(c.chargedUnits)}</td>
              <td>
                {number(c.measuredUnits)} · {number(c.derivedUnits)}
              </td>
              <td>{money(c.eur)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('byVacancy')}</h2>
      {leads.byVacancy.length === 0 ? (
        <p className="empty">{t('noLeads')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('vacancy')}</th>
              <th scope="col">{t('leads')}</th>
              <th scope="col">{t('qualified')}</th>
              <th scope="col">{t('messagesCost')}</th>
              <th scope="col">{t('costPerLead')}</th>
            </tr>
          </thead>
          <tbody>
            {leads.byVacancy.map((v) => (
              <tr key={v.vacancy}>
                <td>{v.vacancy === 'unknown' ? t('noVacancy') : v.vacancy}</td>
                <td>{number(v.leads)}</td>
                <td>{number(v.qualified)}</td>
                <td>{money(v.eur)}</td>
                <td>{money(v.costPerLead)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('planner')}</h2>
      <p data-testid="planner">
        {t.rich('plannerSum', {
          perWeek: number(planner.leadsPerWeek),
          perMonth: number(planner.monthlyLeads),
          conversations: number(planner.conversationsPerLead),
          price: money(planner.pricePerConversation),
          messages: money(planner.messages),
          total: money(planner.total),
          strong: (chunks) => <strong>{chunks}</strong>,
        })}{' '}
        {planner.differenceWithReal >= 0
          ? t('plannerUnder', { amount: money(planner.differenceWithReal) })
          : t('plannerOver', { amount: money(-planner.differenceWithReal) })}
      </p>
      {user.role === 'ADMIN' ? <PricingForm settings={settings} /> : null}
    </main>
  );
}
