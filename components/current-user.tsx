'use client';

import { createContext, useContext } from 'react';

export interface CurrentUser {
  name: string;
  email: string;
  role: string;
}

export const CurrentUserContext = createContext<CurrentUser | null>(null);

export function useCurrentUser(): CurrentUser | null {
  return useContext(CurrentUserContext);
}
