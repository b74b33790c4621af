// The studio's door to the project's one HTML escaper (src/report/escape-html.ts): chart
// tooltip formatters import it from here, so there is one implementation and one place to look.
export { escapeHtml, html } from '../../../report';
