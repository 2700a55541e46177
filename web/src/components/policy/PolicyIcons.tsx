/** Icons of the bureau's subsidy and statistics pages, drawn like the app's others. */
import { icon } from '../Icons';

/** 统计监测: bars rising over an axis. */
export const ChartIcon = icon(
  <>
    <path d="M4 4v16h16" />
    <path d="M8 16v-4M12 16V8M16 16v-6" />
  </>,
);

/** 扶持资金审核: a document with a check mark. */
export const ReviewIcon = icon(
  <>
    <path d="M6 3h8.5L19 7.5V21H6z" />
    <path d="M14.5 3v4.5H19" />
    <path d="m9 14 2.2 2.2L15.5 12" />
  </>,
);
