export { ChartsTab } from './ChartsTab';
export { createChartsStore } from './chartsStore';
export { appendBounded, seriesOf } from './history';
