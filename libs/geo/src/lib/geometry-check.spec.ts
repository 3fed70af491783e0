import { geometryProblem } from './geometry-check';

const sq = [
  [115, 28],
  [115.01, 28],
  [115.01, 28.01],
  [115, 28.01],
  [115, 28],
];

describe('geometryProblem', () => {
  it('accepts points, polygons and multipolygons', () => {
    expect(geometryProblem({ type: 'Point', coordinates: [115.9, 28.7] })).toBeNull();
    expect(geometryProblem({ type: 'Polygon', coordinates: [sq] })).toBeNull();
    expect(geometryProblem({ type: 'MultiPolygon', coordinates: [[sq]] })).toBeNull();
  });

  it('names what is wrong', () => {
    expect(geometryProblem(null)).toMatch(/GeoJSON object/);
    expect(geometryProblem({ type: 'LineString', coordinates: [] })).toMatch(/Point, Polygon or MultiPolygon/);
    expect(geometryProblem({ type: 'Point', coordinates: ['115', 28] })).toMatch(/numbers/);
    expect(geometryProblem({ type: 'Point', coordinates: [200, 28] })).toMatch(/longitude 200/);
    expect(geometryProblem({ type: 'Point', coordinates: [0, 0] })).toMatch(/null island/);
    expect(geometryProblem({ type: 'Polygon', coordinates: [sq.slice(0, 4)] })).toMatch(/not closed/);
    expect(geometryProblem({ type: 'Polygon', coordinates: [sq.slice(0, 3)] })).toMatch(/at least 4/);
    const big = Array.from({ length: 20001 }, (_, i) => [115 + Math.cos(i) * 0.01, 28 + Math.sin(i) * 0.01]);
    big.push(big[0]);
    expect(geometryProblem({ type: 'Polygon', coordinates: [big] })).toMatch(/too many vertices/);
  });
});
