import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { pickBridge } from './bridge/pickBridge';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const { bridge, socket } = pickBridge();
createRoot(root).render(
  <StrictMode>
    <App bridge={bridge} socket={socket} />
  </StrictMode>,
);
