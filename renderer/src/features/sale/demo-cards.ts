/** The simulator's training cards, asked of main once demo mode is known (none in live mode). */
import { useEffect, useState } from 'react';
import type { DemoCard } from '../../../../contract/schemas/demo.js';
import { client } from '../../lib/api/client.js';

export function useDemoCards(demo: boolean): DemoCard[] | undefined {
  const [cards, setCards] = useState<DemoCard[] | undefined>(undefined);
  useEffect(() => {
    if (!demo) return;
    let live = true;
    client()
      .call('demo.cards')
      .then((c) => live && setCards(c))
      .catch(() => live && setCards([]));
    return () => {
      live = false;
    };
  }, [demo]);
  return cards;
}
