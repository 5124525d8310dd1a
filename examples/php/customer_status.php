<?php
/*
 * A customer's support status, downloadable releases and renewal offer, from a
 * libsupport ledger, through the PHP extension.
 *
 *   php -d extension=/path/to/php_libsupport.so customer_status.php LEDGER CUSTOMER_CODE [DATE] [--lang=en]
 *   php -d extension=/path/to/php_libsupport.so customer_status.php --demo [CUSTOMER_CODE] [DATE]
 *
 * --demo builds a small demo ledger in memory (customers C001 … C004).
 * Everything printed comes from the ledger and the C library — the facts and
 * the words for them (LibSupport\label, state_label, render_*), in the
 * language asked for: this script only chooses what to show and lays it out.
 */
declare(strict_types=1);

use LibSupport\{Ledger, LicenseKind, Lang, Notice, NoticeFormat, DateStyle, MoneyStyle, LabelSet, Term};

if (!extension_loaded('libsupport')) {
    fwrite(STDERR, "load the extension: php -d extension=/path/to/php_libsupport.so " . basename(__FILE__) . "\n");
    exit(2);
}

function demo_ledger(): Ledger
{
    $actor = 'customer_status.php --demo';
    $lg = new Ledger(':memory:', true);
    $lg->begin();
    $rep = $lg->addProduct($actor, 'REP-SALES', 'Отчёт «Анализ продаж»', LicenseKind::PERPETUAL, 6);
    $lg->setPrice($actor, $rep, '2025-01-01', 799000);
    $lg->setPrice($actor, $rep, '2026-03-01', 899000);
    $sub = $lg->addProduct($actor, 'SUB-EDO', 'Обработка ЭДО (подписка)', LicenseKind::SUBSCRIPTION_MONTHLY, 1);
    $lg->setPrice($actor, $sub, '2025-01-01', 150000);
    $c1 = $lg->addCustomer($actor, 'C001', 'ООО "Ромашка"');
    $c2 = $lg->addCustomer($actor, 'C002', 'ИП Иванов А. А.');
    $c3 = $lg->addCustomer($actor, 'C003', 'АО «Северный завод»');
    $c4 = $lg->addCustomer($actor, 'C004', 'ООО «Вектор»');
    $l1 = $lg->sell($actor, $c1, $rep, '2025-01-15', 799000, 'demo-1');
    $lg->renew($actor, 'demo-2', $l1, '2025-07-10', $lg->quoteRenewal($l1, '2025-07-10')->fee());
    $lg->sell($actor, $c2, $rep, '2026-01-20', 799000, 'demo-3');              // active, ends 2026-07-20
    $lg->sell($actor, $c3, $rep, '2025-03-31', 799000, 'demo-4');              // lapsed since 2025-10-31
    $l4 = $lg->sell($actor, $c4, $sub, '2026-05-10', 150000, 'demo-5');        // subscription
    $lg->pay($actor, 'demo-6', $l4, '2026-06-05', $lg->quotePayment($l4, '2026-06-05')->fee());
    foreach ([['3.0', '2025-02-01', null], ['3.1', '2025-09-15', 'совместимость с «Бухгалтерией 3.0.170»'],
              ['3.2', '2026-04-01', null], ['4.0', '2026-08-01', 'новый конструктор отборов']] as [$v, $d, $note]) {
        $lg->addRelease($actor, $rep, $v, $d, $note);
    }
    $lg->addRelease($actor, $sub, '2.7', '2026-06-01', null);
    $lg->commit();
    return $lg;
}

/* The script's own chrome (headings), in both languages; every word about support is the library's. */
const CHROME = [
    Lang::RU => ['customer' => 'Клиент', 'on' => 'на', 'none' => 'лицензий на эту дату нет', 'released' => 'от',
                 'text' => 'текст для клиента'],
    Lang::EN => ['customer' => 'Customer', 'on' => 'on', 'none' => 'no licenses on this date', 'released' => 'of',
                 'text' => 'text for the customer'],
];

function day(?string $d, int $lang): string
{
    return $d === null ? '—' : LibSupport\format_date($d, $lang === Lang::RU ? DateStyle::RU : DateStyle::ISO);
}

function term(int $t, int $lang): string
{
    return LibSupport\label(LabelSet::TERM, $t, $lang);
}

/** "Консультации: доступны" — a right of the status in the library's words. */
function right(int $t, bool $v, int $lang): string
{
    return term($t, $lang) . ': ' . LibSupport\availability_label($t, $v, $lang);
}

$args = array_values(array_filter(array_slice($argv, 1), fn($a) => !str_starts_with($a, '--')));
$opts = array_filter(array_slice($argv, 1), fn($a) => str_starts_with($a, '--'));
$demo = in_array('--demo', $opts, true);
$lang = in_array('--lang=en', $opts, true) ? Lang::EN : Lang::RU;

try {
    if ($demo) {
        $ledger = demo_ledger();
        $code = $args[0] ?? 'C001';
        $on = $args[1] ?? '2026-07-10';
    } else {
        if (count($args) < 2) {
            fwrite(STDERR, "usage: customer_status.php LEDGER CUSTOMER_CODE [DATE] [--lang=en] | --demo [CODE] [DATE]\n");
            exit(2);
        }
        $ledger = new Ledger($args[0], false, true);
        $code = $args[1];
        $on = $args[2] ?? null;
        if ($on === null) {
            fwrite(STDERR, "give the date (YYYY-MM-DD): the library never reads the clock\n");
            exit(2);
        }
    }
    $on = LibSupport\parse_date($on);
    $customer = $ledger->findCustomer($code);
    $licenses = $ledger->listLicenses($on, $customer)->fetchAll();
    $name = $licenses[0]['customer_name'] ?? $code;

    $w = CHROME[$lang];
    echo "{$w['customer']} $code — $name, {$w['on']} ", day($on, $lang), "\n";
    if (!$licenses) {
        echo "  {$w['none']}\n";
    }
    foreach ($licenses as $lic) {
        $id = $lic['license'];
        $kind = $lic['kind'];
        $status = $ledger->licenseStatus($id, $on);
        echo "\n== ", term(Term::LICENSE, $lang), " #$id: {$lic['product_code']} (",
             LibSupport\label(LabelSet::LICENSE_KIND, $kind, $lang), ")\n";
        echo '  ', term(Term::STATUS, $lang), ': ', LibSupport\state_label($status->state(), $kind, $lang), "\n";
        echo '  ', LibSupport\label(LabelSet::SUPPORT_END, $kind, $lang), ': ',
             LibSupport\render_date_inclusive($status->supportUntil(), $lang), "\n";
        if ($status->preferentialUntil() !== null) {
            echo '  ', term(Term::PREFERENTIAL_UNTIL, $lang), ': ',
                 LibSupport\render_date_inclusive($status->preferentialUntil(), $lang), "\n";
        }
        echo '  ', right(Term::CONSULTATIONS, $status->canConsult(), $lang), '; ',
             right(Term::NEW_VERSIONS, $status->canGetNewVersions(), $lang), '; ',
             right(Term::USE, $status->canUse(), $lang), "\n";

        echo '  ', term(Term::RELEASES, $lang), ":\n";
        foreach ($ledger->listReleases($id, $on) as $r) {
            printf("    %-5s %s %s  %s%s\n", $r['version'], $w['released'], day($r['released'], $lang),
                   $r['allowed'] ? term(Term::DOWNLOADABLE, $lang) : LibSupport\label(LabelSet::NEEDS, $kind, $lang),
                   $r['note'] !== null ? " — {$r['note']}" : '');
        }

        $offer = $ledger->offer($id, $on); // the renewal or the payment, as the library decides
        $quote = $offer->quote();
        echo '  ', term(Term::OFFER, $lang), ': ';
        if ($quote === null) {
            echo LibSupport\render_no_offer($offer, $lang), "\n";
        } else {
            echo LibSupport\label(LabelSet::QUOTE_KIND, $quote->kind(), $lang), ', ',
                 LibSupport\format_money($quote->fee(), $lang === Lang::RU ? MoneyStyle::RU : MoneyStyle::EN), '; ',
                 LibSupport\label(LabelSet::NEW_SUPPORT_END, $kind, $lang), ': ',
                 LibSupport\render_date_inclusive($quote->newSupportUntil(), $lang), '; ',
                 term(Term::VALID_THROUGH, $lang), ': ', LibSupport\render_validity($quote, $lang), "\n";
        }

        // Rendered by the ledger: its names, the price history and every policy version, so the
        // offer and how long it holds are those above.
        $notice = new Notice($lang, NoticeFormat::TEXT);
        echo "  --- {$w['text']} ---\n";
        foreach (explode("\n", rtrim($ledger->renderNotice($id, $on, $notice))) as $line) {
            echo "  | $line\n";
        }
    }
} catch (LibSupport\NotFoundException $e) {
    fwrite(STDERR, "customer_status: {$e->getMessage()}\n");
    exit(1);
} catch (LibSupport\Exception $e) {
    fwrite(STDERR, "customer_status: " . get_class($e) . ": {$e->getMessage()}\n");
    exit(1);
}
