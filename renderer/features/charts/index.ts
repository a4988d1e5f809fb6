export { ChartsTab } from './ChartsTab';
export { chartsStoreFor, createChartsStore } from './chartsStore';
export { appendBounded, seriesOf } from './history';
