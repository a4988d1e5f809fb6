export { DemoButton } from './DemoButton';
