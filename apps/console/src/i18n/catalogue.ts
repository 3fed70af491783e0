/** Every string the console shows, Chinese first. Add a key here, never a literal in a view. */
const zhCN = {
  appTitle: '赣119 应急救援调度指挥',
  langToggle: 'English',
  province: '江西省',
  city: '支队（设区市）',
  county: '大队（县区）',
  loading: '正在加载…',
  loadFailed: '加载失败：',
  attributionBoundaries: '行政区划：阿里云 DataV.GeoAtlas / 高德（2020-10），仅供演示',
  attributionOsm: '© OpenStreetMap 贡献者',
  dataNoteDemo: '演示数据',
  roadsSynthetic: '道路网：合成演示路网（非真实道路），导入真实 OSM 数据后替换',
  roadsReal: '道路网：',
  roadsNone: '尚未导入道路网',
  tilesLoading: '底图加载中',
};

const en: Record<keyof typeof zhCN, string> = {
  appTitle: 'Gan 119 Emergency Rescue Dispatch & Command',
  langToggle: '中文',
  province: 'Jiangxi Province',
  city: 'City detachment',
  county: 'County brigade',
  loading: 'Loading…',
  loadFailed: 'Failed to load: ',
  attributionBoundaries: 'Boundaries: Aliyun DataV.GeoAtlas / AutoNavi (2020-10), demo use only',
  attributionOsm: '© OpenStreetMap contributors',
  dataNoteDemo: 'Demo data',
  roadsSynthetic: 'Roads: synthetic demo network (not real roads) until a real OSM extract is imported',
  roadsReal: 'Roads: ',
  roadsNone: 'No road network imported yet',
  tilesLoading: 'Loading basemap',
};

export const CATALOGUE = { 'zh-CN': zhCN, en } as const;
export type Lang = keyof typeof CATALOGUE;
export type MessageKey = keyof typeof zhCN;
