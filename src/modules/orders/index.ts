/** Cart, checkout and orders with their declared state machine. */
export { OrdersService, OrderErrors, type TransitionListener } from './service.ts';
export * from './model.ts';
export * from './state-machine.ts';
export * from './shipping.ts';
export { salesAggregateSql, orderProductIds, type SalesAggregateInput, type SalesAggregateRow } from './sales.ts';
