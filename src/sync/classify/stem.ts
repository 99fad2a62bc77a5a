/**
 * A Russian stemmer after the Snowball algorithm (steps 1, 2 and 4; the derivational step 3 is left
 * out because it rarely matters for payment purposes and over-stems short words). It folds word forms:
 * «аренда», «аренды», «арендная» → «аренд»; «налога», «налогов» → «налог».
 * Input must be lower case with ё already replaced by е.
 */
const VOWELS = 'аеиоуыэюя';

const PERFECTIVE_GERUND_1 = ['вшись', 'вши', 'в'];
const PERFECTIVE_GERUND_2 = ['ившись', 'ывшись', 'ивши', 'ывши', 'ив', 'ыв'];
const ADJECTIVE = [
  'ими',
  'ыми',
  'его',
  'ого',
  'ему',
  'ому',
  'ее',
  'ие',
  'ые',
  'ое',
  'ей',
  'ий',
  'ый',
  'ой',
  'ем',
  'им',
  'ым',
  'ом',
  'их',
  'ых',
  'ую',
  'юю',
  'ая',
  'яя',
  'ою',
  'ею',
];
const PARTICIPLE_1 = ['ем', 'нн', 'вш', 'ющ', 'щ'];
const PARTICIPLE_2 = ['ивш', 'ывш', 'ующ'];
const REFLEXIVE = ['ся', 'сь'];
const VERB_1 = ['ете', 'йте', 'ешь', 'нно', 'ла', 'на', 'ли', 'ем', 'ло', 'но', 'ет', 'ют', 'ны', 'ть', 'й', 'л', 'н'];
const VERB_2 = [
  'ейте',
  'уйте',
  'ила',
  'ыла',
  'ена',
  'ите',
  'или',
  'ыли',
  'ило',
  'ыло',
  'ено',
  'ует',
  'уют',
  'ены',
  'ить',
  'ыть',
  'ишь',
  'ей',
  'уй',
  'ил',
  'ыл',
  'им',
  'ым',
  'ен',
  'ят',
  'ит',
  'ыт',
  'ую',
  'ю',
];
const NOUN = [
  'иями',
  'ями',
  'ами',
  'ией',
  'иям',
  'ием',
  'иях',
  'ев',
  'ов',
  'ие',
  'ье',
  'еи',
  'ии',
  'ей',
  'ой',
  'ий',
  'ям',
  'ем',
  'ам',
  'ом',
  'ах',
  'ях',
  'ию',
  'ью',
  'ия',
  'ья',
  'а',
  'е',
  'и',
  'й',
  'о',
  'у',
  'ы',
  'ь',
  'ю',
  'я',
];
const SUPERLATIVE = ['ейше', 'ейш'];

const byLength = (list: string[]) => [...list].sort((a, b) => b.length - a.length);
const PG1 = byLength(PERFECTIVE_GERUND_1);
const PG2 = byLength(PERFECTIVE_GERUND_2);
const ADJ = byLength(ADJECTIVE);
const PART1 = byLength(PARTICIPLE_1);
const PART2 = byLength(PARTICIPLE_2);
const REFL = byLength(REFLEXIVE);
const V1 = byLength(VERB_1);
const V2 = byLength(VERB_2);
const N = byLength(NOUN);
const SUP = byLength(SUPERLATIVE);

/** The longest ending of `list` that `rv` ends with; group-1 endings must follow а or я inside rv. */
function findEnding(rv: string, list: string[], afterAYa: boolean): string | null {
  for (const e of list) {
    if (!rv.endsWith(e)) continue;
    if (afterAYa) {
      const before = rv[rv.length - e.length - 1];
      if (before !== 'а' && before !== 'я') continue;
    }
    return e;
  }
  return null;
}

function removeAny(rv: string, groups: [string[], boolean][]): string | null {
  let best: string | null = null;
  for (const [list, afterAYa] of groups) {
    const e = findEnding(rv, list, afterAYa);
    if (e && (!best || e.length > best.length)) best = e;
  }
  return best === null ? null : rv.slice(0, rv.length - best.length);
}

/** The stem of one lower-case word. */
export function stem(word: string): string {
  let i = 0;
  while (i < word.length && !VOWELS.includes(word[i]!)) i++;
  if (i >= word.length - 1) return word;
  const prefix = word.slice(0, i + 1);
  let rv = word.slice(i + 1);

  // Step 1.
  const gerund = removeAny(rv, [
    [PG1, true],
    [PG2, false],
  ]);
  if (gerund !== null) {
    rv = gerund;
  } else {
    const reflexive = removeAny(rv, [[REFL, false]]);
    if (reflexive !== null) rv = reflexive;
    const adjective = removeAny(rv, [[ADJ, false]]);
    if (adjective !== null) {
      rv = adjective;
      const participle = removeAny(rv, [
        [PART1, true],
        [PART2, false],
      ]);
      if (participle !== null) rv = participle;
    } else {
      const verb = removeAny(rv, [
        [V1, true],
        [V2, false],
      ]);
      if (verb !== null) rv = verb;
      else {
        const noun = removeAny(rv, [[N, false]]);
        if (noun !== null) rv = noun;
      }
    }
  }
  // Step 2.
  if (rv.endsWith('и')) rv = rv.slice(0, -1);
  // Step 4.
  if (rv.endsWith('нн')) rv = rv.slice(0, -1);
  else {
    const sup = removeAny(rv, [[SUP, false]]);
    if (sup !== null) {
      rv = sup;
      if (rv.endsWith('нн')) rv = rv.slice(0, -1);
    } else if (rv.endsWith('ь')) rv = rv.slice(0, -1);
  }
  return prefix + rv;
}
