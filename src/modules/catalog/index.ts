/** The marketplace catalogue: pavilions, shops, products, variants and stock. */
export { CatalogService, CatalogErrors } from './service.ts';
export { InventoryErrors } from './inventory.ts';
export * from './model.ts';
