/**
 * The category the 分类 tab should open on. Tab pages cannot take a query (switchTab drops it), so the home
 * page leaves the choice here and the category page takes it when it shows.
 */
let pendingCategoryId: number | null = null;

export function openCategoryNext(id: number): void {
  pendingCategoryId = id;
}

export function takePendingCategory(): number | null {
  const id = pendingCategoryId;
  pendingCategoryId = null;
  return id;
}
