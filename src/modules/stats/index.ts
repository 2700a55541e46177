/**
 * Statistics and targets (四(六) 统计监测): live monthly rollups of paid orders, per enterprise
 * and year (subsidy facts), per town and month (every target of 一(二), 二(四), 三(二) and 四(二)8).
 *
 * Definitions (each in one function of classify.ts):
 * - **Turnover** counts orders paid on Haitang at their total (items and shipping), in the
 *   Beijing-time month they were paid, net of orders refunded in full. Partial refunds through
 *   the payments module do not change it.
 * - **Qualifying order** (四(二)5): contains a Rongchang agricultural product or a
 *   recognised-brand (GI-marked) product.
 * - **Rural e-commerce** (一(二)): an order that sells a Rongchang agricultural product upward,
 *   or delivers goods into a village (village-station pickup, or a Rongchang address in a 村).
 * - **Adoption** (一(二)): verified enterprises registered in Rongchang of a size class with a
 *   paid order in the year ÷ all verified enterprises of that class registered in Rongchang.
 *
 * The rollups follow orders through `OrdersService.onTransition` in the same transaction;
 * `rebuild` recomputes them from the orders set-based (history loads, repairs). A refund is
 * subtracted under the product classification of the moment; if a product was reclassified
 * between payment and refund, the qualifying split drifts until the next rebuild.
 */
export {
  StatsService,
  StatsErrors,
  METRICS,
  GROUPINGS,
  METRIC_NAMES,
  type EnterpriseYearSales,
  type Metric,
  type Grouping,
  type BreakdownRow,
  type SeriesPoint,
} from './service.ts';
export { TARGETS, evaluateTargets, type TargetProgress, type YearFacts, type Bilingual } from './targets.ts';
export { productClass, isRuralOrder, isVillageDelivery, isAgriculturalEnterprise, ProductClass } from './classify.ts';
export { targetsWorkbook, SHEETS, BREAKDOWN_HEADERS, TARGET_HEADERS } from './workbook.ts';
/** Re-exported for callers that think in statistics years. */
export { beijingYear } from '../../kernel/clock.ts';
