import { initialsOf, isLatin, normalizeName, withoutAdminSuffix } from './normalize';

describe('place names as the search compares them', () => {
  it('folds width, case, spaces and punctuation', () => {
    expect(normalizeName('青山湖区 · 阳光花园（二期）')).toBe('青山湖区阳光花园二期');
    expect(normalizeName('ＡＢＣ 小区-3栋')).toBe('abc小区3栋');
  });
  it('drops the administrative suffix people leave out, never to less than two characters', () => {
    expect(withoutAdminSuffix('青山湖区')).toBe('青山湖');
    expect(withoutAdminSuffix('南昌市')).toBe('南昌');
    expect(withoutAdminSuffix('进贤县')).toBe('进贤');
    expect(withoutAdminSuffix('彭泽县')).toBe('彭泽');
    expect(withoutAdminSuffix('东区')).toBe('东区');
  });
  it('gives pinyin initials, keeping letters and digits', () => {
    expect(initialsOf('阳光花园')).toBe('yghy');
    expect(initialsOf('青山湖区')).toBe('qshq');
    expect(initialsOf('南昌一中')).toBe('ncyz');
    expect(initialsOf('万达广场B座')).toBe('wdgcbz');
    expect(isLatin('yghy')).toBe(true);
    expect(isLatin('阳光')).toBe(false);
  });
});
