import common from './common.json';
import pictures from './pictures.json';
import quiz from './quiz.json';
import report from './report.json';
import security from './security.json';
import verification from './verification.json';
import warning from './warning.json';
import welcome from './welcome.json';

/** The de catalogue, one file per area of the bot. */
export default { common, welcome, warning, verification, report, security, quiz, pictures };
