/**
 * The signed-in user's cart, shared by the tab bar's badge, the product page and the cart
 * page. Every change goes to the server, whose answer replaces the local copy.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from './api';
import { useSession } from './session';
import type { Cart } from './types';

export interface CartState {
  cart: Cart | null;
  /** Number of items (sum of quantities), 0 when logged out. */
  count: number;
  refresh: () => Promise<Cart | null>;
  add: (skuId: string, quantity: number) => Promise<Cart>;
  setQuantity: (skuId: string, quantity: number) => Promise<Cart>;
}

const CartContext = createContext<CartState | null>(null);

export function CartProvider({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const userId = user?.id ?? null;
  const [cart, setCart] = useState<Cart | null>(null);

  const refresh = useCallback(async (): Promise<Cart | null> => {
    if (!userId) {
      setCart(null);
      return null;
    }
    try {
      const next = await api.get<Cart>('/api/v1/cart');
      setCart(next);
      return next;
    } catch {
      return null;
    }
  }, [userId]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const add = useCallback(async (skuId: string, quantity: number) => {
    const next = await api.post<Cart>('/api/v1/cart/items', { skuId, quantity });
    setCart(next);
    return next;
  }, []);

  const setQuantity = useCallback(async (skuId: string, quantity: number) => {
    const next = await api.put<Cart>(`/api/v1/cart/items/${encodeURIComponent(skuId)}`, { quantity });
    setCart(next);
    return next;
  }, []);

  const value = useMemo<CartState>(
    () => ({ cart, count: cart?.count ?? 0, refresh, add, setQuantity }),
    [cart, refresh, add, setQuantity],
  );
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  const value = useContext(CartContext);
  if (!value) throw new Error('useCart() must be used inside <CartProvider>');
  return value;
}
