import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { PublicInfo } from '../api/types';

let cached: Promise<PublicInfo> | null = null;
export function usePublicInfo(): PublicInfo | undefined {
  const [info, setInfo] = useState<PublicInfo>();
  useEffect(() => {
    cached ??= api.get<PublicInfo>('/api/v1/public/info').catch(() => ({}) as PublicInfo);
    void cached.then(setInfo);
  }, []);
  return info;
}
