/*
 * cli.c - the table of subcommands, option parsing, and what several
 * subcommands share (configuration, opening the app, preparing a data
 * directory).
 */
#include "cli/cli.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/i18n.h"

#define COMMON_HELP \
	"  --data DIR      data directory (default ./data; SKILLCERT_DATA)\n" \
	"  --db URL        sqlite:PATH or postgresql://... (default\n" \
	"                  sqlite:DIR/skillcert.db; SKILLCERT_DB)\n" \
	"  --key-file PATH master key file (default DIR/master.key;\n" \
	"                  SKILLCERT_KEY_FILE)\n"
#define SERVE_HELP \
	"  --listen ADDR   address and port to serve (default 127.0.0.1:8080;\n" \
	"                  SKILLCERT_LISTEN)\n" \
	"  --threads N     HTTP worker threads (default: one per CPU, four\n" \
	"                  per CPU on PostgreSQL; SKILLCERT_THREADS)\n" \
	"  --secure-cookies  mark cookies Secure: set when served over TLS or\n" \
	"                  behind a TLS proxy (SKILLCERT_SECURE_COOKIES=1)\n" \
	"  --verify-rate N public certificate lookups a minute per address\n" \
	"                  (default 60; 0 = no limit; SKILLCERT_VERIFY_RATE)\n" \
	"  --request-timeout S  seconds a client has to send a whole request,\n" \
	"                  headers and body (default 60; SKILLCERT_REQUEST_TIMEOUT)\n" \
	"  --time-zone ZONE  the zone times are shown in and \"today\" is taken\n" \
	"                  in: a TZ database name or an offset like +08:00\n" \
	"                  (default Asia/Shanghai; SKILLCERT_TIME_ZONE, which\n" \
	"                  every command reads)\n" \
	"  --smtp-url URL  send e-mail through smtp://host:port or smtps://...\n" \
	"                  (SKILLCERT_SMTP_URL; SKILLCERT_SMTP_USER and\n" \
	"                  SKILLCERT_SMTP_PASSWORD for AUTH)\n" \
	"  --smtp-starttls require STARTTLS on smtp:// (SKILLCERT_SMTP_STARTTLS=1)\n" \
	"  --mail-from ADDR  the From of e-mail, \"Name <addr>\" or addr\n" \
	"                  (SKILLCERT_MAIL_FROM)\n" \
	"  --outbox DIR    write each message as an .eml file into DIR instead\n" \
	"                  (SKILLCERT_OUTBOX; demo: DIR/outbox by default)\n" \
	"  --webhook-url URL  POST SMS (and e-mail without SMTP or outbox) as\n" \
	"                  signed JSON (SKILLCERT_WEBHOOK_URL; the HMAC key in\n" \
	"                  SKILLCERT_WEBHOOK_SECRET)\n" \
	"  --stats-refresh S  refresh the figures of this year and the last\n" \
	"                  every S seconds (default 300; 0 = never; every year\n" \
	"                  once at start when none was; SKILLCERT_STATS_REFRESH)\n" \
	"  --sup-scan S    scan this year and the last for supervision flags\n" \
	"                  every S seconds, the first after the first refresh\n" \
	"                  (default 86400; 0 = never; SKILLCERT_SUP_SCAN)\n" \
	"  --webhook-allow-http  let webhook subscriptions use http:// URLs\n" \
	"                  (default: https:// only; SKILLCERT_WEBHOOK_ALLOW_HTTP=1)\n" \
	"  --webhook-allow-private  let webhooks reach loopback, private and\n" \
	"                  link-local addresses (SKILLCERT_WEBHOOK_ALLOW_PRIVATE=1)\n" \
	"  --db-replica URL  a PostgreSQL read replica (streaming standby) of\n" \
	"                  --db for public pages, figures and open data;\n" \
	"                  repeatable, up to 8 (SKILLCERT_DB_REPLICA: URLs\n" \
	"                  separated by spaces)\n" \
	"  --replica-max-lag S  a replica further behind than S seconds is\n" \
	"                  skipped (1..3600, default 10;\n" \
	"                  SKILLCERT_REPLICA_MAX_LAG)\n" \
	"  --trusted-proxy ADDR  a reverse proxy whose X-Forwarded-For (else\n" \
	"                  X-Real-IP) names the client; repeatable\n" \
	"                  (SKILLCERT_TRUSTED_PROXY: separated by commas or\n" \
	"                  spaces)\n"

static const struct cli_cmd commands[] = {
	{"init", "create a data directory: database and master key",
	 "usage: skillcert init [--data DIR] [--db URL] [--key-file PATH]\n"
	 "                      [--public-url URL]\n\n"
	 "Creates the data directory, a new master key file and the database,\n"
	 "and applies every migration. Running it again changes nothing.\n"
	 "  --public-url URL  the address verifiers reach this server at\n"
	 "                  (https://verify.example.cn): every credential id,\n"
	 "                  status list and QR code is signed with it, and\n"
	 "                  nothing is issued until it is set (here or with\n"
	 "                  'skillcert setting set public_url')\n\n" COMMON_HELP,
	 cmd_init},
	{"serve", "serve the web pages and the JSON API",
	 "usage: skillcert serve [--data DIR] [--db URL] [--listen ADDR]\n\n"
	 "Serves HTTP until SIGTERM or SIGINT, then finishes the requests in\n"
	 "flight and exits 0. The database must be at the binary's schema\n"
	 "version (see 'skillcert migrate').\n\n" COMMON_HELP SERVE_HELP,
	 cmd_serve},
	{"demo", "create a demo data directory and serve it",
	 "usage: skillcert demo [--data DIR] [--db URL] [--listen ADDR]\n\n"
	 "Like init, then fills an empty database with demonstration data\n"
	 "(the center and part of its network), then serves it. Its public\n"
	 "address (public_url) is the address it listens on.\n\n" COMMON_HELP SERVE_HELP,
	 cmd_demo},
	{"migrate", "apply pending database migrations",
	 "usage: skillcert migrate [--data DIR] [--db URL] [--status]\n\n"
	 "Applies every pending migration in one transaction. --status only\n"
	 "prints the database's and the binary's schema versions.\n\n" COMMON_HELP,
	 cmd_migrate},
	{"version", "print the version",
	 "usage: skillcert version\n\nPrints the program version and the newest "
	 "schema version it knows.\n",
	 cmd_version},
	{"user", "add users, set passwords, grant roles, issue API tokens",
	 "usage: skillcert user add NAME [--display-name TEXT] [--password-stdin]\n"
	 "       skillcert user passwd NAME [--password-stdin]\n"
	 "       skillcert user grant NAME --role ROLE [--institution ID]\n"
	 "       skillcert user revoke NAME --role ROLE [--institution ID]\n"
	 "       skillcert user disable NAME | enable NAME\n"
	 "       skillcert user list [--json]\n"
	 "       skillcert user token NAME [--name LABEL] | --list | --revoke ID\n\n"
	 "Without --password-stdin a random password is generated and printed\n"
	 "once; the user must change it at first login. ROLE is one of\n"
	 "center_admin, institution_admin, exam_officer, assessor, supervisor,\n"
	 "viewer; a grant covers the institution ID and everything below it\n"
	 "(no --institution, or 0: the whole network). 'token' prints a new\n"
	 "personal API token once (send it as 'Authorization: Bearer TOKEN').\n"
	 "'disable' signs the user out at once and revokes their API tokens;\n"
	 "a disabled user cannot sign in until 'enable'.\n\n" COMMON_HELP,
	 cmd_user},
	{"audit", "verify the audit chain, save its signed head, list records",
	 "usage: skillcert audit verify [--against FILE]\n"
	 "       skillcert audit checkpoint [--out FILE]\n"
	 "       skillcert audit list [--actor NAME] [--action ACTION]\n"
	 "            [--object-type TYPE] [--object-id ID] [--from DATE]\n"
	 "            [--to DATE] [--limit N]\n\n"
	 "'verify' walks the whole hash chain, the Merkle tree over it and\n"
	 "every signed checkpoint (with the key the master key opens), and\n"
	 "names the first broken record (edited, removed, reordered, forged or\n"
	 "re-chained behind the program's back); it exits 1 when broken.\n"
	 "With --against FILE it also checks that the trail still extends a\n"
	 "head saved earlier (docs/backups.md): not even the key holder can\n"
	 "rewrite what a saved head covers.\n"
	 "'checkpoint' prints the newest signed head (size, root, time, key,\n"
	 "signature) as JSON after checking its signature, and with --out\n"
	 "writes it to a new FILE to archive away from the database.\n\n" COMMON_HELP,
	 cmd_audit},
	{"routes", "print the route table as JSON",
	 "usage: skillcert routes\n\nPrints every route: method, pattern, kind,\n"
	 "whether it is public, and the permission it needs.\n",
	 cmd_routes},
	{"openapi", "print the OpenAPI 3.1 description of the JSON API",
	 "usage: skillcert openapi\n\nPrints the OpenAPI 3.1 document served at\n"
	 "/api/v1/openapi.json: every API route of the route table with the\n"
	 "shapes of src/api/shapes/ (docs/api.md).\n",
	 cmd_openapi},
	{"institution", "the institution registry: add, list, show, change",
	 "usage: skillcert institution ACTION [ARG] [OPTIONS]\n\n"
	 "  add --name N --type T --province P [--parent ID] [--branch-kind K]\n"
	 "      [--credit-code C [--credit-code-override REASON]] [--address A]\n"
	 "      [--host-org H] [--contact-name N] [--contact-phone P]\n"
	 "      [--contact-email E]          an application (prints the id)\n"
	 "  list [--q TEXT] [--type T] [--province P] [--status S]\n"
	 "      [--occupation CODE|NAME] [--json]\n"
	 "  show ID\n"
	 "  update ID [--address ...] [--credit-code ...] ...   details\n"
	 "  rename ID --name N [--reason R] [--doc DOC]\n"
	 "  retype ID --type T [--branch-kind K] --reason R --doc DOC\n"
	 "  status ID --action suspend|reinstate|revoke --reason R --doc DOC\n"
	 "  apply ID                     renew, or apply again after a rejection\n"
	 "  scope ID --code D-DD-DD-DD --occupation-name N [--work-type W]\n"
	 "      --levels 5,4,3 --doc DOC | scope ID --remove SCOPE_ID --doc DOC\n"
	 "  file ID --authority A --filing-no N --filing-date D\n"
	 "      --institution-code 0000 --province-code 44 --site-code 000045\n"
	 "  inspect ID --year Y --date D --outcome pass|rectify|fail [--notes T]\n"
	 "  finding INSPECTION_ID --notes DESCRIPTION --date DEADLINE\n"
	 "  close-finding FINDING_ID --notes NOTE\n"
	 "  plaque ID --out FILE.pdf     the registration certificate\n"
	 "  import FILE [--dry-run]      CSV (UTF-8 or GB18030) or XLSX\n"
	 "  export --out FILE [--format xlsx|csv]\n\n"
	 "TYPE: center, branch_center (--branch-kind sector|regional),\n"
	 "training_base, practice_base, management_station, exam_station,\n"
	 "exam_site. Province codes are GB/T 2260 (11 = 北京). Status:\n"
	 "applying, under_notice, registered, suspended, revoked, expired,\n"
	 "rejected.\n\n" COMMON_HELP,
	 cmd_institution},
	{"occupation", "list the occupation catalogue",
	 "usage: skillcert occupation list [--q NAME|CODE]\n\n"
	 "Prints code, edition, name, number of standard versions and work\n"
	 "types. The catalogue is filled from the standards compiled into the\n"
	 "binary by init, demo and migrate.\n\n" COMMON_HELP,
	 cmd_occupation},
	{"standard", "list and show the standards (versioned rules)",
	 "usage: skillcert standard list\n"
	 "       skillcert standard show ID\n\n"
	 "A standard version holds the levels offered, the components, the\n"
	 "staffing ratios, the pass marks and the application routes of one\n"
	 "occupation, with its citation and the dates it is in force.\n\n" COMMON_HELP,
	 cmd_standard},
	{"person", "the person registry: candidates and staff",
	 "usage: skillcert person add --name N --id-number NUMBER [--id-type T]\n"
	 "            [--sex M|F] [--birth-date D] [--education E]\n"
	 "            [--employer NAME] [--employer-credit-code C]\n"
	 "            [--work-start D] [--phone P]        (prints the id)\n"
	 "       skillcert person find --id-number NUMBER [--id-type T]\n"
	 "       skillcert person list [--q NAME]\n"
	 "       skillcert person show ID\n\n"
	 "--id-number-stdin reads the number from standard input instead.\n"
	 "Document types: resident_id (default), hmt_residence_permit,\n"
	 "hk_macao_permit, taiwan_permit, foreign_permanent_residence,\n"
	 "passport. ID numbers are stored sealed and shown masked; a person\n"
	 "registered twice is found (exit 1, the existing id printed).\n\n" COMMON_HELP,
	 cmd_person},
	{"competition", "skills competitions: events, entries, judges, marks, results",
	 "usage: skillcert competition list [--year Y] [--tier T]\n"
	 "       skillcert competition show ID\n"
	 "       skillcert competition add --name N --tier T --year Y --starts D\n"
	 "            --ends D [--organiser INST] [--coorganisers INST,INST]\n"
	 "            [--approval-doc DOC] [--venue V]\n"
	 "            (--document-code CODE | --document FILE)  (prints the id)\n"
	 "       skillcert competition document ID (--document-code CODE | --document FILE)\n"
	 "       skillcert competition act ID open|close|mark|notice|final\n"
	 "       skillcert competition event ID --occupation CODE --group G\n"
	 "            [--quota-institution N] [--quota-province N] [--min-age N]\n"
	 "            [--max-age N]                         (prints the event's id)\n"
	 "       skillcert competition nominate EVENT --institution INST --people P[,P]\n"
	 "            [--override-note NOTE]    (a judge's recusal let stay for these)\n"
	 "       skillcert competition confirm ENTRY\n"
	 "       skillcert competition refuse ENTRY --reason R\n"
	 "       skillcert competition judge EVENT --person P --role chief_judge|judge\n"
	 "            [--override-note NOTE]\n"
	 "       skillcert competition marks EVENT       (modules, judges, marks)\n"
	 "       skillcert competition mark EVENT --entry E --aspect A [--judge J]\n"
	 "            --value V [--override-note NOTE]  (a judgement: J's 0-3; a\n"
	 "            re-mark of three in needs the note)\n"
	 "       skillcert competition theory EVENT --entry E --value SCORE\n"
	 "       skillcert competition time EVENT ENTRY SECONDS  (or MM:SS)\n"
	 "       skillcert competition lock EVENT --module A|theory|time\n"
	 "       skillcert competition import-marks EVENT FILE [--dry-run]\n"
	 "       skillcert competition results ID\n"
	 "       skillcert competition promotions ID\n"
	 "       skillcert competition issue-awards ID [--institution INST]\n"
	 "            (award certificates of a final competition; INST the issuer\n"
	 "            of one the center organises)\n"
	 "       skillcert competition promote ID (--all | --entry E --person P\n"
	 "            [--from-level L]) [--institution I]  (the center: issues each\n"
	 "            approved one's certificate; L: the level reviewed, 0 none)\n"
	 "       skillcert competition promote-reject ID --entry E --person P --reason R\n"
	 "       skillcert competition honours INSTITUTION [--year Y]  (its honour list)\n"
	 "       skillcert competition correction EVENT --entry E --aspect A [--judge J]\n"
	 "            --value V --reason R              (prints the correction's id)\n"
	 "       skillcert competition correction-approve CORRECTION\n"
	 "       skillcert competition correction-refuse CORRECTION\n"
	 "       skillcert competition appeal COMP --name N --contact C --text T\n"
	 "       skillcert competition appeal-resolve COMP APPEAL --resolution R\n\n"
	 "Every action runs as the operator (the system) unless --as USERNAME\n"
	 "names an enabled account: it is then checked with that account's grants\n"
	 "(or, for an account linked to a person, as that person: a judge) and\n"
	 "audited as that user. A correction is never decided by the account that\n"
	 "filed it: file it --as the chief judge's account (or a staff account)\n"
	 "and decide it as the operator, or the other way round.\n\n"
	 "Tiers: worldskills_selection, national_games, national_class1,\n"
	 "national_class2, provincial_class1, provincial_class2, city, district.\n"
	 "Built-in documents: the names of competitions/*.json (machinery-class2,\n"
	 "...); an uploaded one is checked and refused naming the path of what is\n"
	 "wrong. See docs/competitions.md.\n\n" COMMON_HELP,
	 cmd_competition},
	{"commendation",
	 "annual commendations: campaigns, nominations, review, decision, honours",
	 "usage: skillcert commendation list\n"
	 "       skillcert commendation show ID\n"
	 "       skillcert commendation create --year Y --title T --nominate-until D\n"
	 "            --review-until D [--notice-days N]\n"
	 "            (--rules-code CODE | --rules FILE)           (prints the id)\n"
	 "       skillcert commendation rules ID (--rules-code CODE | --rules FILE)\n"
	 "       skillcert commendation timetable ID --nominate-until D --review-until D\n"
	 "            [--notice-days N]\n"
	 "       skillcert commendation quota ID --category C [--scope all|branch|province]\n"
	 "            [--key BRANCH_ID|PROVINCE] --quota N      (-1: the rules' default)\n"
	 "       skillcert commendation category ID --code C --name N [--name-en E]\n"
	 "            --kind person|collective [--quota-all N] [--quota-branch N]\n"
	 "            [--quota-province N] [--eligibility RULE,…] [--staff-years N]\n"
	 "            (a category of the campaign's own, while a draft: a new rules\n"
	 "            version; RULE: registered_all_year, no_overdue_findings,\n"
	 "            staff_years, no_sanction)\n"
	 "       skillcert commendation category-remove ID --code C\n"
	 "       skillcert commendation act ID nominate|review\n"
	 "       skillcert commendation nominate ID --by INST --category C\n"
	 "            [--institution INST | --person P] --achievements TEXT\n"
	 "       skillcert commendation nomination NOM       (one nomination)\n"
	 "       skillcert commendation endorse NOM\n"
	 "       skillcert commendation return NOM --reason R\n"
	 "       skillcert commendation resubmit NOM [--achievements TEXT]\n"
	 "       skillcert commendation withdraw NOM\n"
	 "       skillcert commendation attach NOM --file PATH [--name NAME]\n"
	 "Review (panel, rounds, tally, notice, objections):\n"
	 "       skillcert commendation review ID   (panel, recusals, rounds,\n"
	 "            nominations with rank and score, votes, objections)\n"
	 "       skillcert commendation reviewer-add ID --person P\n"
	 "            [--override-note NOTE]  (a recusal let stand: a supervisor's)\n"
	 "       skillcert commendation reviewer-remove ID REVIEWER\n"
	 "       skillcert commendation round-open ID --method score|vote\n"
	 "       skillcert commendation round-close ID\n"
	 "       skillcert commendation score ID --nomination N --value V\n"
	 "            [--reviewer R]   (V: 0-100, or 1 for / 0 against)\n"
	 "       skillcert commendation tally ID [--propose N,N] [--exclude N,N]\n"
	 "            [--override-note NOTE]   (overrides need the note)\n"
	 "       skillcert commendation notice ID\n"
	 "       skillcert commendation notice-show ID\n"
	 "       skillcert commendation object ID --nomination N --name N\n"
	 "            --contact C --text T\n"
	 "       skillcert commendation objection-resolve ID OBJECTION\n"
	 "            (--uphold | --dismiss) --resolution R\n"
	 "Decision (honour certificates, the honour roll):\n"
	 "       skillcert commendation decide CAMPAIGN --number NO --date D\n"
	 "            --signatory S     (notice over, no objection open: every\n"
	 "            proposed nomination commended, an honour certificate each)\n"
	 "       skillcert commendation pdf CAMPAIGN --out FILE\n"
	 "       skillcert commendation honours [--year Y] [--category C]\n"
	 "            [--institution I]   (the honour roll: valid honours only)\n\n"
	 "Every action takes --as USER: checked and audited as that account; the\n"
	 "review and the decision run as the operator (the system) without it. A\n"
	 "reviewer's own account (linked to their person) scores for themself; the\n"
	 "operator or the center names the reviewer with --reviewer. An honour is\n"
	 "revoked as any certificate: skillcert cert revoke.\n"
	 "Built-in rules: the names of commendations/*.json (machinery-2020); an\n"
	 "uploaded document is checked and refused naming the path of what is\n"
	 "wrong. See docs/commendations.md.\n\n" COMMON_HELP,
	 cmd_commendation},
	{"apprenticeship",
	 "enterprise new-type apprenticeships: classes, apprentices, subsidy",
	 "usage: skillcert apprenticeship list\n"
	 "       skillcert apprenticeship show ID\n"
	 "       skillcert apprenticeship create --institution I --enterprise NAME\n"
	 "            [--credit-code C] --school NAME --school-kind K\n"
	 "            [--school-institution I] --occupation CODE --level L\n"
	 "            --starts-on D [--months M] [--rules-code national-2021|wuhan]\n"
	 "       skillcert apprenticeship file ID --agreement-no N --agreement-signed-on D\n"
	 "            --filing-no N --filing-date D --filing-authority A\n"
	 "       skillcert apprenticeship start|close ID\n"
	 "       skillcert apprenticeship course ID --name N --side enterprise|school\n"
	 "            --hours H --credits C\n"
	 "       skillcert apprenticeship add ID --person P --contract-start D\n"
	 "            --contract-end D --hire-kind new|transferred|current\n"
	 "            --enterprise-mentor NAME --school-mentor NAME [--wage W]\n"
	 "            [--minimum-wage W]\n"
	 "       skillcert apprenticeship apprentice APPRENTICE\n"
	 "       skillcert apprenticeship progress APPRENTICE --course C --hours H\n"
	 "            --credits C [--assessment TEXT]\n"
	 "       skillcert apprenticeship status APPRENTICE --status S [--reason R]\n"
	 "            [--on D]   (interrupted, withdrawn, completed, active)\n"
	 "       skillcert apprenticeship enrol APPRENTICE --plan PLAN\n"
	 "       skillcert apprenticeship advance APPRENTICE --year Y --amount YUAN\n"
	 "       skillcert apprenticeship subsidy ID --year Y   (the claim list)\n\n"
	 "School kinds: technical_school, vocational_college, training_center.\n"
	 "Every action takes --as USER: checked and audited as that account.\n"
	 "Built-in rules: the names of apprenticeships/*.json. See\n"
	 "docs/apprenticeships.md.\n\n" COMMON_HELP,
	 cmd_apprenticeship},
	{"training", "training and online courses: lessons, sessions, enrolment, completion",
	 "usage: skillcert training list [--institution I]\n"
	 "       skillcert training create --institution I --title T --hours N\n"
	 "            [--mode online|in_person] [--occupation CODE] [--level L]\n"
	 "            [--description TEXT]                      (prints the id)\n"
	 "       skillcert training show ID\n"
	 "       skillcert training open ID | close ID         (one step at a time)\n"
	 "       skillcert training lesson ID --title T --hours N\n"
	 "            (--url https://… | --file LESSON.pdf)       (prints the id)\n"
	 "       skillcert training session ID --starts YYYY-MM-DDTHH:MM\n"
	 "            --ends YYYY-MM-DDTHH:MM --hours N [--room R] (prints the id)\n"
	 "       skillcert training enrol ID --person P        (prints the enrolment)\n"
	 "       skillcert training attend ENROLMENT --session S [--absent]\n"
	 "       skillcert training complete ENROLMENT | withdraw ENROLMENT\n"
	 "       skillcert training certify ENROLMENT  (培训证书: prints id, number)\n\n"
	 "Hours done are the lessons completed (by the holder, on /me/training)\n"
	 "plus the sessions attended; completion needs the course's hours. Every\n"
	 "action takes --as USER. See docs/training.md.\n\n" COMMON_HELP,
	 cmd_training},
	{"item", "the item bank of theory exams: list, import (QTI or a sheet), export",
	 "usage: skillcert item list [--institution I] [--occupation CODE] [--level L]\n"
	 "            [--status S]\n"
	 "       skillcert item import FILE --institution I --occupation CODE --level L\n"
	 "            [--dry-run]     (a QTI 3.0/2.1 content package, or the item\n"
	 "                            writers' XLSX/CSV: 试题编号 题型 鉴定要素 题干\n"
	 "                            选项A…选项H 答案 解析)\n"
	 "       skillcert item export --institution I --occupation CODE --level L\n"
	 "            [--status S] [--format qti|xlsx] --out FILE\n\n"
	 "Imported items are drafts of the actor, each to be reviewed and\n"
	 "approved by two others; one refused item or row and none is written.\n"
	 "An export holds the keys: item.approve on the bank. Every action takes\n"
	 "--as USER. See docs/exams.md.\n\n" COMMON_HELP,
	 cmd_item},
	{"exam", "computer-based theory exams: blueprints, papers, the sitting",
	 "usage: skillcert exam blueprint FILE --institution I   (prints its id)\n"
	 "       skillcert exam assemble PLAN --blueprint B [--seed S]\n"
	 "       skillcert exam papers PLAN\n"
	 "       skillcert exam seal PAPER              (prints its digest)\n"
	 "       skillcert exam open PAPER --start \"2026-12-04 09:30\"\n"
	 "       skillcert exam roster PAPER\n"
	 "       skillcert exam extend PAPER ATTEMPT --minutes M --reason TEXT\n"
	 "       skillcert exam close PAPER\n\n"
	 "A sealed paper's sitting opens at its start; candidates sign in at\n"
	 "/exam with their admission ticket's claim code. Closing hands in every\n"
	 "attempt past its deadline and, once none is answering and the time is\n"
	 "over, closes the sitting. Every action takes --as USER. See\n"
	 "docs/exams.md.\n\n" COMMON_HELP,
	 cmd_exam},
	{"import", "import people, enrolments or scores from CSV or XLSX",
	 "usage: skillcert import people FILE [--dry-run] [--problems OUT.xlsx]\n"
	 "       skillcert import enrolments FILE --plan ID [--dry-run] ...\n"
	 "       skillcert import scores FILE --plan ID [--dry-run] ...\n"
	 "       skillcert import legacy FILE [--dry-run] ...\n"
	 "       skillcert import qualifications FILE [--dry-run] ...\n\n"
	 "FILE is CSV (UTF-8, UTF-8 with BOM or GB18030) or XLSX; columns are\n"
	 "found by heading, Chinese or English:\n"
	 "  people      姓名 证件类型 证件号码 性别 出生日期 文化程度 工作单位\n"
	 "              单位信用代码 参加工作日期 电话\n"
	 "  enrolments  证件类型 证件号码 考场\n"
	 "  qualifications  证件类型 证件号码 职业编码 资格等级 最高等级 有效期起\n"
	 "              有效期至 证书编号\n"
	 "  scores      证件类型 证件号码 科目 考评员证件号码 成绩 状态 原因\n"
	 "  legacy      证书编号 姓名 证件号码 证件类型 职业名称 职业编码 等级\n"
	 "              发证日期 发证机构   (职业资格证书 records, before 2020)\n"
	 "Every bad row is listed (row, column, reason; --problems writes them\n"
	 "as XLSX) and then nothing is applied: all rows or none. Importing the\n"
	 "same file again changes nothing. Exit 1 when rows had problems.\n\n" COMMON_HELP,
	 cmd_import},
	{"batch", "registration batches, public notice, objections, approval",
	 "usage: skillcert batch ACTION [ID] [OPTIONS]\n\n"
	 "  create --year Y [--title T] [--notice-days 7]   (prints the id)\n"
	 "  list [--status open|under_notice|decided]\n"
	 "  show ID\n"
	 "  add ID [--registration APPLICATION_ID]   all pending when omitted\n"
	 "  remove ID --registration APPLICATION_ID\n"
	 "  notice ID [--start YYYY-MM-DD]           the public notice begins\n"
	 "      today; an earlier --start records a notice held before the\n"
	 "      platform (pages and the API refuse one dated back)\n"
	 "  decide ID --doc 机职鉴字[2021]29号 --date YYYY-MM-DD   approve\n"
	 "  reject APPLICATION_ID --reason R\n"
	 "  resolve OBJECTION_ID --upheld|--dismissed --reason R\n\n" COMMON_HELP,
	 cmd_batch},
	{"issue", "issue the certificates of a closed plan",
	 "usage: skillcert issue --plan ID [--line skill|industry]\n\n"
	 "Issues a certificate to every passing candidate of the closed plan\n"
	 "who has none yet, in one transaction: the number (skill: the\n"
	 "22-character 职业技能等级证书 number from the institution's HR\n"
	 "filing; industry: the industry_pattern setting), the signed\n"
	 "credential and the QR token. Running it again issues nothing new.\n\n" COMMON_HELP,
	 cmd_issue},
	{"cert", "certificates: show, PDF, suspend, reinstate, revoke, supersede",
	 "usage: skillcert cert show NUMBER\n"
	 "       skillcert cert list [--plan ID] [--q NUMBER_OR_NAME]\n"
	 "       skillcert cert pdf NUMBER --out FILE.pdf\n"
	 "       skillcert cert pdf --plan ID --out FILE.pdf   (one page each)\n"
	 "       skillcert cert credential NUMBER              (the signed JWS)\n"
	 "       skillcert cert subsidy NUMBER [--insured-months N]  (技能提升补贴)\n"
	 "       skillcert cert suspend|reinstate|revoke NUMBER --reason R\n"
	 "            [--doc DOCUMENT_NO]\n"
	 "            (revoke: --category fraud|error|holder_request|other, the\n"
	 "            only part of the reason the public sees)\n"
	 "       skillcert cert supersede NUMBER --reason R [--name NEW_NAME]\n\n"
	 "A superseded certificate still verifies, as superseded, and points\n"
	 "to its successor (corrections, 证书更名).\n\n" COMMON_HELP,
	 cmd_cert},
	{"verify", "check a credential or QR token offline (no database)",
	 "usage: skillcert verify FILE|TOKEN|URL --jwks FILE\n"
	 "       skillcert verify FILE|TOKEN|URL          (keys from the database)\n\n"
	 "FILE holds a credential (compact JWS) or a QR token; a verify URL\n"
	 "(.../v/TOKEN) works too. With --jwks the keys come from that JWK Set\n"
	 "file (saved from /.well-known/jwks.json): no database, no network.\n"
	 "Prints what the credential says and exits 0 when the signature\n"
	 "holds; otherwise says why (malformed, bad signature, unknown key)\n"
	 "and exits 1. --status FILE (a status list credential saved from\n"
	 "/status/N) also reports revoked, suspended or superseded, for a\n"
	 "credential or a QR token: it must be the very list the credential\n"
	 "names, and its age is printed (a list is a snapshot).\n\n" COMMON_HELP,
	 cmd_verify},
	{"key", "signing keys: list, rotate, export the JWK Set",
	 "usage: skillcert key list\n"
	 "       skillcert key rotate      (new key signs; old ones stay published)\n"
	 "       skillcert key jwks        (prints /.well-known/jwks.json)\n\n" COMMON_HELP,
	 cmd_key},
	{"setting",
	 "settings: public_url, industry_pattern, award_pattern, honour_pattern, "
	 "training_pattern",
	 "usage: skillcert setting get NAME\n"
	 "       skillcert setting set NAME VALUE\n\n"
	 "  public_url        the address printed in QR codes and credential ids\n"
	 "                    (https://verify.example.cn, no trailing slash);\n"
	 "                    issuing refuses while it is unset. Credentials\n"
	 "                    signed before a change keep the old address: see\n"
	 "                    docs/configuration.md\n"
	 "  industry_pattern  numbers of the industry line, e.g. JX{YYYY}{L}{N6}:\n"
	 "                    {YYYY} {YY} {L} {P} {INST} {SITE}, one serial {N4}..{N8}\n"
	 "  award_pattern     numbers of award certificates (获奖证书), the same\n"
	 "                    fields, default JS{YYYY}{N6}\n"
	 "  honour_pattern    numbers of honour certificates (荣誉证书), the same\n"
	 "                    fields, default RY{YYYY}{N6}\n"
	 "  training_pattern  numbers of training certificates (培训证书), the same\n"
	 "                    fields, default PX{YYYY}{N6}\n\n" COMMON_HELP,
	 cmd_setting},
	{"notify", "outgoing messages: list, send, queue, subsidy reminders",
	 "usage: skillcert notify list [--status queued|sent] [--limit N] [--json]\n"
	 "       skillcert notify send\n"
	 "       skillcert notify queue --channel email|sms --to ADDR --subject S\n"
	 "            --text BODY\n"
	 "       skillcert notify subsidy-reminders --within DAYS\n"
	 "       skillcert notify webhook-secret\n\n"
	 "'send' hands every queued message to its back-end now (the server\n"
	 "retries failures by itself with a backoff; this ignores the backoff)\n"
	 "and exits 1 when some failed (they stay queued with the error).\n"
	 "'queue' queues one message (to try a back-end, e.g. an SMS bridge).\n"
	 "'subsidy-reminders' queues one e-mail per holder account with an\n"
	 "address whose certificate's subsidy window closes within DAYS days\n"
	 "(1..366), once per certificate and window. 'webhook-secret' prints\n"
	 "the webhook's signing key (made on first use, kept wrapped by the\n"
	 "master key; used when SKILLCERT_WEBHOOK_SECRET is unset) for the\n"
	 "operator's bridge. The back-ends come from\n"
	 "SKILLCERT_SMTP_URL, SKILLCERT_OUTBOX, SKILLCERT_WEBHOOK_URL and the\n"
	 "others of docs/notifications.md.\n\n" COMMON_HELP,
	 cmd_notify},
	{"webhook", "webhook subscriptions and their deliveries",
	 "usage: skillcert webhook add --url URL [--events KIND,KIND|*]\n"
	 "            [--institution ID] [--description TEXT] [--allow-http]\n"
	 "       skillcert webhook list [--json]\n"
	 "       skillcert webhook remove ID\n"
	 "       skillcert webhook deliveries ID [--limit N] [--json]\n"
	 "       skillcert webhook replay ID DELIVERY\n\n"
	 "'add' subscribes URL (https://; http:// with --allow-http) to the\n"
	 "events of the institution ID and its subtree (without --institution:\n"
	 "the whole network's) and prints the id and the signing secret, shown\n"
	 "this once. 'deliveries' lists the newest first; 'replay' queues a\n"
	 "delivery's event again at the end of the subscription's queue. The\n"
	 "server (`skillcert serve`) posts them; docs/webhooks.md has the\n"
	 "events, the body, the signature and the retries.\n\n" COMMON_HELP,
	 cmd_webhook},
	{"filing", "filing certificates with the provincial HR authorities",
	 "usage: skillcert filing ACTION [ID] [OPTIONS]\n\n"
	 "  create --province 44        a batch of every unfiled certificate of\n"
	 "                              the province (prints the id and rows)\n"
	 "  list\n"
	 "  show ID                     the batch and its certificates\n"
	 "  export ID --out DIR [--encoding utf-8|gb18030]\n"
	 "                              writes DIR/filing-ID-PROVINCE.xlsx, .csv\n"
	 "                              (UTF-8 with BOM, or GB18030), the photos\n"
	 "                              as -photos.zip and DIR/manifest.json\n"
	 "                              (full ID numbers)\n"
	 "  submit ID                   draft -> submitted (records the CSV's\n"
	 "                              SHA-256)\n"
	 "  receipt ID --no NO [--date YYYY-MM-DD]   the authority's receipt\n"
	 "  reject ID --number CERT_NO --reason R    a row sent back: the\n"
	 "                              certificate goes into the next batch\n"
	 "  unfiled [--days 30]         certificates not filed N days after issue\n\n"
	 "A certificate (lines skill and industry) goes into a batch while it is\n"
	 "valid and not filed (in a batch, not rejected), and again when its\n"
	 "status changed after it was filed (the record's 证书状态 column says\n"
	 "how); province codes are GB/T 2260 (44 = 广东).\n\n" COMMON_HELP,
	 cmd_filing},
	{"figures", "the figures of a year the registry knows (nominations)",
	 "usage: skillcert figures --year YYYY (--institution ID [--tree] | --person ID)\n\n"
	 "Prints as one JSON object what the registry knows of the institution\n"
	 "(--tree: with the institutions under it) or the person in that year:\n"
	 "plans, candidates assessed and passed, the pass rate (hundredths of a\n"
	 "percent), certificates issued, filed and filed on time, appeals,\n"
	 "inspections and overdue findings, competitions hosted and entries\n"
	 "awarded; a person's plans staffed by role, competitions judged,\n"
	 "awards and promotions. docs/commendations.md \"Figures\" defines\n"
	 "each.\n\n" COMMON_HELP,
	 cmd_figures},
	/* the network's figures (issue 16) */
	{"statistics", "the network's figures: tables by year, province, institution ...",
	 "usage: skillcert statistics [--by DIM] [--year Y | --year-from Y --year-to Y]\n"
	 "            [--province CODE] [--branch ID] [--institution ID]\n"
	 "            [--occupation CODE] [--level N] [--json]\n"
	 "       skillcert statistics refresh [--year Y]\n"
	 "       skillcert statistics report --year Y [--format pdf|xlsx] --out FILE\n"
	 "            [--as USER]\n\n"
	 "Prints the figures of the summary table broken down by DIM (none,\n"
	 "year, province, branch, institution, occupation, level; default\n"
	 "none) as a text table of the main measures, or with --json every\n"
	 "measure as the API answers. refresh counts the year (default every\n"
	 "year with data) from the records and replaces its figures.\n"
	 "docs/statistics.md defines each measure. report writes the year's\n"
	 "annual report (docs/annual-report.md) to FILE.\n\n" COMMON_HELP,
	 cmd_statistics},
	/* supervision flags (issue 16) */
	{"supervision", "supervision flags: scan a year, list the flags",
	 "usage: skillcert supervision scan [--year YYYY]\n"
	 "       skillcert supervision flags [--year YYYY] [--rule R] [--status S]\n"
	 "                                   [--institution ID] [--json]\n\n"
	 "scan runs every enabled rule of supervision/rules.json over the year\n"
	 "(default: this year) in one transaction: new flags are raised, open ones\n"
	 "get the new figures, decided ones stay as decided, open ones no longer\n"
	 "raised are cleared. flags lists them (status open, dismissed, finding,\n"
	 "cleared). --as USER acts as that account. docs/supervision.md.\n\n" COMMON_HELP,
	 cmd_supervision},
	/* enterprise self-evaluation (issue 15) */
	{"selfeval", "enterprise self-evaluation: candidate pool, HR filing, dashboard",
	 "usage: skillcert selfeval pool PLAN [--pool public|staff|partners]\n"
	 "            [--partners \"CODE name\\nCODE name\"]\n"
	 "       skillcert selfeval hr-filing INST --filing Y|none [--no NO] [--outside]\n"
	 "       skillcert selfeval dashboard INST\n"
	 "       skillcert selfeval spec-add INST (--file SPEC.json | --builtin CODE)\n"
	 "       skillcert selfeval plan-spec PLAN --spec ID   (0: none)\n\n"
	 "pool: without --pool prints the plan's candidate pool as JSON; with it\n"
	 "sets the pool (partners: one company a line, its credit code then its\n"
	 "name). hr-filing records the institution's HR filing (Y: an employer\n"
	 "evaluation institution; --outside: its filing serves outside\n"
	 "candidates). dashboard prints the enterprise dashboard as JSON.\n"
	 "spec-add adopts a post-skill specification (岗位技能规范) for the\n"
	 "institution and prints its id; plan-spec names it for a draft plan,\n"
	 "which is then scored by its components, weights and marks.\n"
	 "docs/self-evaluation.md.\n\n" COMMON_HELP,
	 cmd_selfeval},
};

const struct cli_cmd *cli_find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void main_usage(FILE *f)
{
	fprintf(f, "usage: skillcert COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'skillcert COMMAND --help' tells more about one command.\n");
}

static const char *env_or(const char *name, const char *def);

int cli_main(int argc, char **argv)
{
	const struct cli_cmd *cmd;

	if (argc < 2) {
		main_usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		if (argc > 2 && (cmd = cli_find(argv[2]))) {
			fputs(cmd->usage, stdout);
			return 0;
		}
		main_usage(stdout);
		return 0;
	}
	if (app_global_init() != 0) {
		fprintf(stderr, "skillcert: cannot initialise the crypto library\n");
		return 1;
	}
	if (!strcmp(argv[1], "--version"))
		return cmd_version(1, argv + 1);
	/* the zone of every command; serve's --time-zone may change it */
	if (cli_time_zone(env_or("SKILLCERT_TIME_ZONE", TIME_ZONE_DEFAULT)) != 0)
		return 2;
	/* the test clock: a test-only setting, honoured only with its guard
	 * variable (tests/e2e/lib.mjs sets both), so that no stray variable in
	 * a real installation moves its clock */
	if (getenv("SKILLCERT_TEST_NOW") &&
	    !strcmp(env_or("SKILLCERT_TEST_CLOCK", ""), "test-only") &&
	    time_set_test_now(getenv("SKILLCERT_TEST_NOW")) != 0) {
		fprintf(stderr, "skillcert: SKILLCERT_TEST_NOW is not an instant "
				"(2026-12-03T17:30:00Z)\n");
		return 2;
	}
	cmd = cli_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "skillcert: unknown command \"%s\"\n\n", argv[1]);
		main_usage(stderr);
		return 2;
	}
	return cmd->fn(argc - 1, argv + 1);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "skillcert %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'skillcert %s --help')\n", cmd);
	return 2;
}

int cli_parse(const struct cli_cmd *cmd, int argc, char **argv,
	      const struct cli_opt *opts, const char **pos, int maxpos, int *npos)
{
	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *eq, *value = NULL;
		const struct cli_opt *o = NULL;
		size_t n;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(cmd->usage, stdout);
			return 1;
		}
		if (strncmp(a, "--", 2) != 0) {
			if (*npos == maxpos)
				return cli_usage_error(cmd->name,
						       "unexpected argument \"%s\"", a);
			pos[(*npos)++] = a;
			continue;
		}
		a += 2;
		eq = strchr(a, '=');
		n = eq ? (size_t)(eq - a) : strlen(a);
		for (const struct cli_opt *c = opts; c && c->name; c++)
			if (strlen(c->name) == n && !strncmp(c->name, a, n))
				o = c;
		if (!o)
			return cli_usage_error(cmd->name, "unknown option \"--%.*s\"",
					       (int)n, a);
		if (!o->has_arg) {
			if (eq)
				return cli_usage_error(cmd->name,
						       "option --%s takes no value",
						       o->name);
			*o->dest = "1";
			continue;
		}
		if (eq) {
			value = eq + 1;
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			return cli_usage_error(cmd->name, "option --%s needs a value",
					       o->name);
		}
		*o->dest = value;
	}
	return 0;
}

static int env_list(const char *name, const char *seps, char *buf, size_t len,
		    const char **items, int *n);

/* Moves --db-replica and --trusted-proxy (repeatable; "--x V" or
 * "--x=V") from argv into o's lists and the other arguments into rest. */
static int take_lists(const struct cli_cmd *cmd, int argc, char **argv,
		      struct cli_opts *o, char **rest, int *nrest)
{
	static const char *const names[] = {"db-replica", "trusted-proxy"};

	*nrest = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *value = NULL;
		int k = -1;

		for (int j = 0; i > 0 && j < 2 && k < 0; j++) {
			size_t n = strlen(names[j]);

			if (!strncmp(a, "--", 2) && !strncmp(a + 2, names[j], n) &&
			    (a[2 + n] == '\0' || a[2 + n] == '='))
				k = j;
		}
		if (k < 0) {
			rest[(*nrest)++] = argv[i];
			continue;
		}
		if (strchr(a, '='))
			value = strchr(a, '=') + 1;
		else if (i + 1 < argc)
			value = argv[++i];
		else
			return cli_usage_error(cmd->name, "option --%s needs a value",
					       names[k]);
		if ((k == 0 ? o->ndb_replica : o->ntrusted_proxy) >= CLI_MAX_LIST)
			return cli_usage_error(cmd->name, "--%s given more than %d times",
					       names[k], CLI_MAX_LIST);
		if (k == 0)
			o->db_replica[o->ndb_replica++] = value;
		else
			o->trusted_proxy[o->ntrusted_proxy++] = value;
	}
	rest[*nrest] = NULL;
	return 0;
}

int cli_parse_serve(const struct cli_cmd *cmd, int argc, char **argv, struct cli_opts *o)
{
	const char *pos[1];
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o->data},
		{"db", 1, &o->db},
		{"listen", 1, &o->listen},
		{"key-file", 1, &o->key_file},
		{"threads", 1, &o->threads},
		{"secure-cookies", 0, &o->secure_cookies},
		{"verify-rate", 1, &o->verify_rate},
		{"request-timeout", 1, &o->request_timeout},
		{"time-zone", 1, &o->time_zone},
		{"smtp-url", 1, &o->smtp_url},
		{"smtp-starttls", 0, &o->smtp_starttls},
		{"mail-from", 1, &o->mail_from},
		{"outbox", 1, &o->outbox},
		{"webhook-url", 1, &o->webhook_url},
		{"stats-refresh", 1, &o->stats_refresh},
		{"sup-scan", 1, &o->sup_scan},
		{"webhook-allow-http", 0, &o->webhook_allow_http},
		{"webhook-allow-private", 0, &o->webhook_allow_private},
		{"replica-max-lag", 1, &o->replica_max_lag},
		{NULL, 0, NULL},
	};
	char **rest;
	int nrest, e;

	cli_opts_init(o);
	/* the repeatable options taken out first, the rest parsed as usual */
	if (!(rest = calloc((size_t)argc + 1, sizeof(*rest))))
		return cli_usage_error(cmd->name, "out of memory");
	rc = take_lists(cmd, argc, argv, o, rest, &nrest);
	if (rc == 0)
		rc = cli_parse(cmd, nrest, rest, opts, pos, 0, &npos);
	free(rest);
	/* without the flags, the lists from the environment */
	/* replica URLs split at white space only: a URL may hold commas
	 * (postgresql://h1:5432,h2:5432/db) */
	if (rc == 0 && !o->ndb_replica &&
	    (e = env_list("SKILLCERT_DB_REPLICA", " \t\n", o->replica_env,
			  sizeof(o->replica_env), o->db_replica, &o->ndb_replica)) != 0)
		rc = cli_usage_error(
			cmd->name,
			e == -1 ? "SKILLCERT_DB_REPLICA holds more than %d URLs "
				  "(--db-replica)"
				: "SKILLCERT_DB_REPLICA is longer than %d bytes "
				  "(--db-replica)",
			e == -1 ? CLI_MAX_LIST : (int)sizeof(o->replica_env) - 1);
	if (rc == 0 && !o->ntrusted_proxy &&
	    (e = env_list("SKILLCERT_TRUSTED_PROXY", ", \t\n", o->proxy_env,
			  sizeof(o->proxy_env), o->trusted_proxy, &o->ntrusted_proxy)) != 0)
		rc = cli_usage_error(cmd->name,
				     e == -1 ? "SKILLCERT_TRUSTED_PROXY holds more than %d "
					       "addresses (--trusted-proxy)"
					     : "SKILLCERT_TRUSTED_PROXY is longer than %d bytes "
					       "(--trusted-proxy)",
				     e == -1 ? CLI_MAX_LIST : (int)sizeof(o->proxy_env) - 1);
	if (rc == 0 && o->time_zone && cli_time_zone(o->time_zone) != 0)
		rc = 2;
	if (rc == 0)
		cli_opts_finish(o);
	return rc;
}

int cli_time_zone(const char *name)
{
	static struct time_zone z; /* 15 KB: not on the stack */
	char err[512];

	if (time_zone_load(name, NULL, &z, err, sizeof(err)) != 0) {
		fprintf(stderr, "skillcert: %s\n", err);
		return -1;
	}
	time_zone_set(&z);
	return 0;
}

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

/* The items of environment variable name, split at any of seps, copied
 * into buf and listed into items (appended to *n): 0, -1 when more than
 * CLI_MAX_LIST, -2 when longer than buf holds (never cut short). */
static int env_list(const char *name, const char *seps, char *buf, size_t len,
		    const char **items, int *n)
{
	const char *v = getenv(name);
	char *p, *save = NULL;

	if (!v || !*v)
		return 0;
	if (strlen(v) >= len)
		return -2;
	snprintf(buf, len, "%s", v);
	for (p = strtok_r(buf, seps, &save); p; p = strtok_r(NULL, seps, &save)) {
		if (*n >= CLI_MAX_LIST)
			return -1;
		items[(*n)++] = p;
	}
	return 0;
}

void cli_opts_init(struct cli_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->data = env_or("SKILLCERT_DATA", "data");
	o->db = env_or("SKILLCERT_DB", NULL);
	o->listen = env_or("SKILLCERT_LISTEN", "127.0.0.1:8080");
	o->key_file = env_or("SKILLCERT_KEY_FILE", NULL);
	o->threads = env_or("SKILLCERT_THREADS", NULL);
	o->secure_cookies = env_or("SKILLCERT_SECURE_COOKIES", NULL);
	o->verify_rate = env_or("SKILLCERT_VERIFY_RATE", NULL);
	o->request_timeout = env_or("SKILLCERT_REQUEST_TIMEOUT", NULL);
	o->stats_refresh = env_or("SKILLCERT_STATS_REFRESH", NULL);
	o->sup_scan = env_or("SKILLCERT_SUP_SCAN", NULL);
	o->webhook_allow_http = env_or("SKILLCERT_WEBHOOK_ALLOW_HTTP", NULL);
	o->webhook_allow_private = env_or("SKILLCERT_WEBHOOK_ALLOW_PRIVATE", NULL);
	o->replica_max_lag = env_or("SKILLCERT_REPLICA_MAX_LAG", NULL);
	o->time_zone = NULL; /* SKILLCERT_TIME_ZONE was read by cli_main() */
	o->smtp_url = env_or("SKILLCERT_SMTP_URL", NULL);
	o->smtp_starttls = env_or("SKILLCERT_SMTP_STARTTLS", NULL);
	o->mail_from = env_or("SKILLCERT_MAIL_FROM", NULL);
	o->outbox = env_or("SKILLCERT_OUTBOX", NULL);
	o->webhook_url = env_or("SKILLCERT_WEBHOOK_URL", NULL);
}

void cli_opts_finish(struct cli_opts *o)
{
	if (!o->db) {
		snprintf(o->db_buf, sizeof(o->db_buf), "sqlite:%s/skillcert.db", o->data);
		o->db = o->db_buf;
	}
	if (!o->key_file) {
		snprintf(o->key_buf, sizeof(o->key_buf), "%s/master.key", o->data);
		o->key_file = o->key_buf;
	}
}

int cli_open_app(struct app *app, const struct cli_opts *o)
{
	char err[512];

	if (app_open(app, o->db, o->data, 0, err, sizeof(err)) != 0) {
		fprintf(stderr, "skillcert: %s\n", err);
		return -1;
	}
	app->key_file = o->key_file;
	cli_notify_settings(app, o);
	return 0;
}

void cli_notify_settings(struct app *app, const struct cli_opts *o)
{
	struct app_notify_settings *s = &app->notify;
	const char *t = env_or("SKILLCERT_NOTIFY_TIMEOUT", NULL);
	long long v;

	s->smtp_url = o->smtp_url;
	s->smtp_user = env_or("SKILLCERT_SMTP_USER", NULL);
	s->smtp_password = env_or("SKILLCERT_SMTP_PASSWORD", NULL);
	s->smtp_starttls = o->smtp_starttls && strcmp(o->smtp_starttls, "0");
	s->from = o->mail_from;
	s->outbox_dir = o->outbox;
	s->webhook_url = o->webhook_url;
	s->webhook_secret = env_or("SKILLCERT_WEBHOOK_SECRET", NULL);
	s->timeout_s = t ? (str_to_ll(t, 1, 600, &v) == 0 ? (long)v : -1) : 30;
	/* a webhook without SKILLCERT_WEBHOOK_SECRET: the key kept wrapped by
	 * the master key ('skillcert notify webhook-secret'), if there is one */
	if (s->webhook_url && !s->webhook_secret) {
		static char secret[65];
		struct app_ctx ctx;
		struct app_error err;
		struct arena arena;

		app_system_ctx(&ctx, app, &arena);
		if (app_webhook_secret(&ctx, false, secret, &err) == APP_OK)
			s->webhook_secret = secret;
		arena_release(&arena);
	}
}

int cli_run_open(struct cli_run *r, const struct cli_opts *o)
{
	if (cli_open_app(&r->app, o) != 0)
		return -1;
	arena_init(&r->arena);
	memset(&r->ctx, 0, sizeof(r->ctx));
	r->ctx.app = &r->app;
	r->ctx.arena = &r->arena;
	r->ctx.actor = &app_system_actor;
	return 0;
}

void cli_run_close(struct cli_run *r)
{
	arena_release(&r->arena);
	app_close(&r->app);
}

int cli_run_open_as(struct cli_run *r, const struct cli_opts *o, const char *cmd,
		    const char *as, struct actor *actor)
{
	struct app_error err;
	int rc;

	if (cli_run_open(r, o) != 0)
		return 1;
	if (!as)
		return 0;
	if (app_actor_by_name(&r->ctx, as, actor, &err)) {
		rc = cli_fail(cmd, &err);
		cli_run_close(r);
		return rc;
	}
	r->ctx.actor = actor;
	return 0;
}

char *cli_slurp(struct arena *a, const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *p;
	size_t n;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) || st.st_size < 0 || (unsigned long long)st.st_size > max ||
	    !(p = arena_alloc(a, (size_t)st.st_size + 1))) {
		fclose(f);
		return NULL;
	}
	n = fread(p, 1, (size_t)st.st_size, f);
	fclose(f);
	p[n] = '\0';
	if (len)
		*len = n;
	return p;
}

int cli_audit_adopt(const struct cli_opts *o, int from, int to, int quiet)
{
	struct cli_run run;
	struct app_error err;
	long long n = 0;
	int rc;

	/* only the process that migrated across schema 11 adopts a trail */
	if (!(from > 0 && from < APP_AUDIT_SIGNED_SCHEMA && to >= APP_AUDIT_SIGNED_SCHEMA))
		return 0;
	if (cli_run_open(&run, o) != 0)
		return -1;
	rc = app_audit_adopt(&run.ctx, &n, &err);
	cli_run_close(&run);
	if (rc != APP_OK) {
		fprintf(stderr,
			"skillcert: cannot sign the audit trail's first checkpoint: %s\n",
			tr(LANG_EN, err.msg));
		return -1;
	}
	if (n && !quiet)
		printf("audit trail: its %lld records signed (checkpoint %lld)\n", n, n);
	return 0;
}

/* Names the categories of the campaigns made before migration 0031: by
 * the process that migrated across it, and by every `skillcert migrate`
 * (always: a repair that finds nothing to do). */
static int commend_categories(const struct cli_opts *o, int from, int to, int quiet,
			      int always)
{
	struct cli_run run;
	struct app_error err;
	long long n = 0;
	int rc;

	if (!always && !(from > 0 && from < APP_COMMEND_CATEGORY_SCHEMA &&
			 to >= APP_COMMEND_CATEGORY_SCHEMA))
		return 0;
	if (cli_run_open(&run, o) != 0)
		return -1;
	rc = app_commend_name_categories(&run.ctx, &n, &err);
	cli_run_close(&run);
	if (rc != APP_OK) {
		fprintf(stderr, "skillcert: cannot name the commendation categories: %s\n",
			tr(LANG_EN, err.msg));
		return -1;
	}
	if (n && !quiet)
		printf("commendations: the categories of %lld campaigns named\n", n);
	return 0;
}

int cli_after_migration(const struct cli_opts *o, int from, int to, int quiet, int always)
{
	int rc = cli_audit_adopt(o, from, to, quiet);

	return rc ? rc : commend_categories(o, from, to, quiet, always);
}

int cli_prepare_data(const struct cli_opts *o, int quiet)
{
	struct app_init_report rep;
	char err[512];

	if (app_init_data(o->data, o->key_file, o->db, &rep, err, sizeof(err))) {
		fprintf(stderr, "skillcert: %s\n", err);
		return -1;
	}
	if (quiet)
		return cli_after_migration(o, rep.schema_from, rep.schema_to, quiet, 0);
	if (rep.created_dir)
		printf("created data directory %s\n", o->data);
	if (rep.created_key)
		printf("created master key %s (keep it safe: it wraps every "
		       "stored secret)\n",
		       o->key_file);
	if (rep.schema_from != rep.schema_to)
		printf("database %s: schema %d -> %d\n", o->db, rep.schema_from,
		       rep.schema_to);
	else
		printf("database %s: schema %d, up to date\n", o->db, rep.schema_to);
	return cli_after_migration(o, rep.schema_from, rep.schema_to, quiet, 0);
}

int cli_bootstrap_admin(struct app *app, const struct cli_opts *o)
{
	struct app_ctx ctx;
	struct app_error err;
	struct arena arena;
	char password[17];
	int created = 0, rc;

	/* app is already open (serve and demo keep it): only a context */
	app_system_ctx(&ctx, app, &arena);
	rc = app_bootstrap_admin(&ctx, &created, password, &err);
	arena_release(&arena);
	if (rc != APP_OK) {
		fprintf(stderr, "skillcert: cannot create the administrator: %s\n",
			tr(LANG_EN, err.msg));
		return -1;
	}
	if (created)
		printf("\n  administrator login: admin / %s\n"
		       "  (shown once; you will be asked to change it at first login;\n"
		       "   'skillcert user passwd admin' sets a new one)\n\n",
		       password);
	else
		printf("  administrator login: admin (its password was shown when "
		       "the data\n  directory was created; 'skillcert user passwd "
		       "admin --data %s'\n  sets a new one)\n",
		       o->data);
	memset(password, 0, sizeof(password));
	return 0;
}

int cli_seed_catalog(struct app *app, int quiet)
{
	struct app_ctx ctx;
	struct app_error err;
	struct arena arena;
	int added = 0, rc;

	app_system_ctx(&ctx, app, &arena);
	rc = app_catalog_seed(&ctx, &added, &err);
	/* the first signing key, wrapped by the master key */
	if (rc == APP_OK && app->key_file)
		rc = app_signing_key_ensure(&ctx, &err);
	if (rc != APP_OK)
		fprintf(stderr, "skillcert: cannot load the standards: %s%s%s\n",
			tr(LANG_EN, err.msg), err.detail ? ": " : "",
			err.detail ? err.detail : "");
	else if (added && !quiet)
		printf("standards: %d versions added to the catalogue\n", added);
	arena_release(&arena);
	return rc == APP_OK ? 0 : -1;
}

enum lang cli_lang(void) { return lang_choose(getenv("SKILLCERT_LANG"), NULL, NULL); }

int cli_print_json(struct json_t *v)
{
	char *text = json_dumps(v, JSON_INDENT(2));

	puts(text ? text : "[]");
	free(text);
	json_decref(v);
	return 0;
}

int cli_fail(const char *cmd, const struct app_error *err)
{
	fprintf(stderr, "skillcert %s: %s%s%s%s%s\n", cmd, err->field ? err->field : "",
		err->field ? ": " : "", tr(cli_lang(), err->msg),
		err->detail ? " — " : "", err->detail ? err->detail : "");
	return 1;
}
