export { launchBrowser } from '../../scripts/lib/chromium';
