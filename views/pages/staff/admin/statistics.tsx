import { caseOutcomes } from '../../../../server/domain/case-workflow.js'
import type { ShownCount } from '../../../../server/domain/statistics.js'
import type { DeadlineFigures, StatisticsReport } from '../../../../server/services/statistics.js'
import { AdminNav } from '../../../components/admin-nav.js'
import { BarChart } from '../../../components/bar-chart.js'
import { FilterSelect, ListFilter } from '../../../components/list-filter.js'
import { HeadRow, TableScroll } from '../../../components/table.js'
import { type Catalogue, catalogue, type Locale } from '../../../i18n/index.js'
import { Layout, type LayoutModel } from '../../../layout.js'

export type StatisticsModel = Omit<LayoutModel, 'title' | 'scripts'> & {
  report: StatisticsReport
  csvHref: string
}

// One formatter per language: toLocaleString builds a new one on every call, and a page has thousands of cells.
const oneDecimal = {
  nl: new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
}

/** A percentage to one decimal, or undefined; the same wording in HTML and charts. */
export function formatPercent(value: number | undefined, locale: Locale): string | undefined {
  return value === undefined ? undefined : `${oneDecimal[locale].format(value)}%`
}

function formatDays(value: number | undefined, locale: Locale): string {
  return value === undefined ? '–' : oneDecimal[locale].format(value)
}

function FiguresRow(props: {
  name: string
  figures: DeadlineFigures
  locale: Locale
  t: Catalogue['statistics']
}) {
  const { figures, locale, t } = props
  const pct = (value: number | undefined, due: number) => {
    const text = formatPercent(value, locale)
    return text === undefined ? t.notYetDue : t.percentOf(text, due)
  }
  return (
    <tr>
      <th scope="row" safe>
        {props.name}
      </th>
      <td safe>{String(figures.received)}</td>
      <td safe>{pct(figures.acknowledgedInTimePct, figures.acknowledgementDue)}</td>
      <td safe>{pct(figures.feedbackInTimePct, figures.feedbackDue)}</td>
      <td safe>{formatDays(figures.medianDaysToAcknowledgement, locale)}</td>
      <td safe>{formatDays(figures.medianDaysToFeedback, locale)}</td>
      <td safe>{String(figures.open)}</td>
      <td safe>{String(figures.overdue)}</td>
    </tr>
  )
}

function countText(cell: ShownCount, t: Catalogue['statistics']): string {
  return cell.shown ? String(cell.count) : t.fewerThanFive
}

/** /staff/admin/statistics: figures without content, per quarter, for every member and the association. */
export function StatisticsPage(model: StatisticsModel) {
  const t = catalogue(model.locale).statistics
  const outcomeLabels = catalogue(model.locale).caseWorkflow.outcomes
  const { report, locale } = model
  const scope = report.organisation?.name ?? t.association
  const scopeOutcomes = report.organisation
    ? report.outcomes.rows.find((row) => row.row === report.organisation?.slug)?.cells
    : report.outcomes.total
  return (
    <Layout {...model} title={t.title} wide>
      <AdminNav locale={locale} current="statistics" />
      <h1 safe>{t.title}</h1>
      <p safe>{t.intro}</p>
      <ListFilter action="/staff/admin/statistics" locale={locale} submit={t.show}>
        <FilterSelect
          label={t.quarter}
          name="quarter"
          options={(report.quarters.includes(report.quarter)
            ? report.quarters
            : [report.quarter, ...report.quarters]
          ).map((quarter) => ({ value: quarter, text: quarter }))}
          selected={report.quarter}
        />
        <FilterSelect
          label={t.organisation}
          name="organisation"
          any={t.allMembers}
          options={report.members.map((member) => ({ value: member.slug, text: member.name }))}
          selected={report.organisation?.slug}
        />
      </ListFilter>
      <p>
        <a href={model.csvHref} download={`meldpool-statistics-${report.quarter}.csv`} safe>
          {t.downloadCsv}
        </a>
      </p>

      <section aria-labelledby="deadlines-heading">
        <h2 id="deadlines-heading" safe>
          {t.deadlinesHeading}
        </h2>
        <TableScroll labelledBy="deadlines-caption">
          <table class="inbox-table statistics-table" id="deadlines">
            <caption id="deadlines-caption" safe>
              {t.deadlinesCaption(report.quarter)}
            </caption>
            <HeadRow
              headings={[
                t.member,
                t.received,
                t.acknowledgedInTime,
                t.feedbackInTime,
                t.medianDaysToAcknowledgement,
                t.medianDaysToFeedback,
                t.openNow,
                t.overdueNow,
              ]}
            />
            <tbody>
              <FiguresRow name={t.association} figures={report.association} locale={locale} t={t} />
              {report.rows.map((row) => (
                <FiguresRow name={row.name} figures={row} locale={locale} t={t} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading" safe>
          {t.trendHeading}
        </h2>
        <BarChart
          id="chart-received"
          title={t.receivedChartTitle(scope)}
          bars={report.trend.map((q) => ({ label: q.quarter, value: q.received, text: String(q.received) }))}
        />
        <BarChart
          id="chart-deadlines"
          title={t.deadlinesChartTitle(scope)}
          max={100}
          bars={report.trend.flatMap((q) =>
            (
              [
                [t.acknowledgedInTime, q.acknowledgedInTimePct],
                [t.feedbackInTime, q.feedbackInTimePct],
              ] as const
            ).map(([what, value]) => ({
              label: `${q.quarter} · ${what}`,
              value,
              text: formatPercent(value, locale) ?? t.notYetDue,
            })),
          )}
        />
        <TableScroll labelledBy="trend-caption">
          <table class="inbox-table statistics-table" id="trend">
            <caption id="trend-caption" safe>
              {t.trendHeading}
            </caption>
            <HeadRow headings={[t.quarter, t.received, t.acknowledgedInTime, t.feedbackInTime]} />
            <tbody>
              {report.trend.map((q) => (
                <tr>
                  <th scope="row" safe>
                    {q.quarter}
                  </th>
                  <td safe>{String(q.received)}</td>
                  <td safe>{formatPercent(q.acknowledgedInTimePct, locale) ?? t.notYetDue}</td>
                  <td safe>{formatPercent(q.feedbackInTimePct, locale) ?? t.notYetDue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading" safe>
          {t.outcomesHeading}
        </h2>
        <p safe>{t.outcomesExplained}</p>
        {scopeOutcomes ? (
          <BarChart
            id="chart-outcomes"
            title={t.outcomesChartTitle(scope, report.quarter)}
            bars={caseOutcomes.map((outcome) => {
              const cell = scopeOutcomes[outcome]
              return {
                label: outcomeLabels[outcome] ?? outcome,
                value: cell.shown ? cell.count : undefined,
                text: countText(cell, t),
              }
            })}
          />
        ) : (
          <p safe>{t.noClosedCases}</p>
        )}
        <TableScroll labelledBy="outcomes-caption">
          <table class="inbox-table statistics-table" id="outcomes">
            <caption id="outcomes-caption" safe>
              {t.outcomesChartTitle(scope, report.quarter)}
            </caption>
            <HeadRow
              headings={[t.member, ...caseOutcomes.map((outcome) => outcomeLabels[outcome] ?? outcome)]}
            />
            <tbody>
              <tr>
                <th scope="row" safe>
                  {t.association}
                </th>
                {caseOutcomes.map((outcome) => (
                  <td safe>{countText(report.outcomes.total[outcome], t)}</td>
                ))}
              </tr>
              {report.outcomes.rows.map((row) => (
                <tr data-member={row.row}>
                  <th scope="row" safe>
                    {report.outcomes.names[row.row] ?? row.row}
                  </th>
                  {caseOutcomes.map((outcome) => (
                    <td safe>{countText(row.cells[outcome], t)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </Layout>
  )
}
