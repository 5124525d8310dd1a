<?php
/*
 * What the portal's pages show. Every fact is a library call and every word
 * about support, downloads, keys and sign-in is the library's (LibSupport\label,
 * term, state_label, render_*): the PHP holds only the page's chrome (titles,
 * buttons, headings of its own sections).
 */
declare(strict_types=1);

use LibSupport\{Ledger, Notice, NoticeFormat, Lang, LabelSet, Term, DateStyle, MoneyStyle, PortalPhrase};

/** A date as the customer reads it: DD.MM.YYYY (the library's Russian style); '—' for none. */
function ru_date(?string $iso): string
{
    return $iso === null ? '—' : LibSupport\format_date($iso, DateStyle::RU);
}

/** Kopecks as "1 998 руб." (the library's Russian style, U+00A0 between thousands). */
function ru_money(int $kopecks): string
{
    return LibSupport\format_money($kopecks, MoneyStyle::RU);
}

/** A label in Russian (the library's; each asked once per request: a page repeats them per license). */
function lbl(int $set, int $value): string
{
    static $memo = [];
    return $memo[$set][$value] ??= LibSupport\label($set, $value, Lang::RU);
}

function term(int $term): string
{
    return lbl(LabelSet::TERM, $term);
}

function phrase(int $phrase, int $n = 0): string
{
    return LibSupport\render_portal($phrase, $n, Lang::RU);
}

/** A byte count for people: "1,5 МБ". */
function ru_size(int $bytes): string
{
    if ($bytes < 1024)
        return $bytes . ' Б';
    $units = ['КБ', 'МБ', 'ГБ', 'ТБ'];
    $v = $bytes / 1024;
    $i = 0;
    while ($v >= 1024 && $i < 3) {
        $v /= 1024;
        $i++;
    }
    return str_replace('.', ',', sprintf($v < 10 ? '%.1f' : '%.0f', $v)) . "\u{00A0}" . $units[$i];
}

/** A link to one of the portal's pages; in demo mode the chosen ?on= is kept. */
function url(string $path): string
{
    $on = Portal::$demo ? (Portal::$request?->query['on'] ?? '') : '';
    return $on === '' ? $path : $path . '?on=' . rawurlencode($on);
}

/** A POST form with the CSRF token: one button. */
function post_button(string $action, string $label, string $class = ''): string
{
    return '<form class="inline ' . h($class) . '" method="post" action="' . h(url($action)) . '">'
        . '<input type="hidden" name="csrf" value="' . h(csrf_token()) . '">'
        . '<button type="submit">' . h($label) . "</button></form>";
}

/* ---- the frame ------------------------------------------------------------------------------------------------- */

function frame(string $title, string $main): string
{
    $version = LibSupport\version();
    $demo = Portal::$demo && Portal::$today !== ''
        ? '<p class="demo" role="note">' . h(phrase(PortalPhrase::DEMO, (int)str_replace('-', '', Portal::$today)))
          . "</p>\n" : '';
    $user = '';
    if (Portal::$session !== null) {
        $user = '<span class="user"><span class="address">' . h(Portal::$session->address()) . '</span> '
            . post_button('/signout', 'Выйти', 'signout') . '</span>';
    }
    $date = Portal::$today === '' ? '' : '<span class="today">Сегодня <time datetime="' . h(Portal::$today) . '">'
        . h(ru_date(Portal::$today)) . '</time></span>';
    return "<!doctype html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n"
        . "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        . '<title>' . h($title) . " — техническая поддержка</title>\n"
        . "<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n"
        . '<header class="site"><a class="home" href="' . h(url('/')) . '">Техническая поддержка</a>'
        . '<span class="right">' . $date . $user . "</span></header>\n" . $demo
        . "<main>\n$main</main>\n"
        . '<footer class="site">Статусы, сроки, суммы и тексты рассчитаны библиотекой libsupport ' . h($version)
        . ".</footer>\n</body>\n</html>\n";
}

/** An error page in the site's frame; `extra` is HTML the caller built (escaped already). */
function frame_error(int $status, string $title, string $detail, string $extra = ''): string
{
    $main = '<section class="error" data-status="' . $status . '">' . "\n"
        . '<h1><span class="code">' . $status . '</span> ' . h($title) . "</h1>\n"
        . ($detail === '' ? '' : '<p class="detail">' . h($detail) . "</p>\n") . $extra
        . '<p><a href="' . h(url('/')) . "\">На главную</a></p>\n</section>\n";
    try {
        return frame("$status $title", $main);
    } catch (Throwable $e) { /* the extension or the configuration is what failed: a plain page */
        return "<!doctype html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"><title>" . h("$status $title")
            . "</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><main>$main</main></body></html>\n";
    }
}

/* ---- sign-in -------------------------------------------------------------------------------------------------- */

function signin_form(string $address = ''): string
{
    return '<form class="signin" method="post" action="' . h(url('/signin')) . '">'
        . '<input type="hidden" name="csrf" value="' . h(csrf_token()) . '">'
        . '<label for="address">Адрес электронной почты</label>'
        . '<input id="address" type="email" name="address" required maxlength="254" autocomplete="email" value="'
        . h($address) . '">'
        . '<button type="submit">Получить ссылку для входа</button></form>' . "\n";
}

function code_form(): string
{
    return '<form class="code" method="post" action="' . h(url('/signin/code')) . '">'
        . '<input type="hidden" name="csrf" value="' . h(csrf_token()) . '">'
        . '<label for="code">Код из письма</label>'
        . '<input id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code"'
        . ' required>'
        . '<button type="submit">Войти</button></form>' . "\n";
}

/* ---- licenses -------------------------------------------------------------------------------------------------- */

/** The catalogue: product id => ['product', 'code', 'name', 'kind', 'support_months'] (a few rows). */
function products(Ledger $ledger): array
{
    static $cache = null;
    if ($cache === null) {
        $cache = [];
        foreach ($ledger->listProducts() as $row)
            $cache[$row['product']] = $row;
    }
    return $cache;
}

function availability(int $term, bool $v): string
{
    return '<span class="' . ($v ? 'yes' : 'no') . '">' . h(LibSupport\availability_label($term, $v, Lang::RU)) . '</span>';
}

function release_list(array $releases, bool $allowed): string
{
    $out = '<ul class="releases ' . ($allowed ? 'allowed' : 'needs-renewal') . '">';
    foreach ($releases as $r) {
        $out .= '<li data-version="' . h($r['version']) . '" data-release="' . (int)$r['release'] . '">'
            . '<span class="version">' . h($r['version']) . '</span>'
            . ' <span class="released">от ' . h(ru_date($r['released'])) . '</span>';
        if ($r['note'] !== null && $r['note'] !== '')
            $out .= ' <span class="note">— ' . h($r['note']) . '</span>';
        if ($allowed && $r['file_name'] !== null) {
            $out .= '<div class="file"><a class="download" href="/download/' . (int)$r['release'] . '">'
                . h(term(Term::DOWNLOAD)) . ' ' . h($r['file_name']) . '</a>'
                . ' <span class="size">' . h(term(Term::FILE_SIZE)) . ' ' . h(ru_size((int)$r['file_size'])) . '</span>'
                . '<div class="sha256"><span>' . h(term(Term::CHECKSUM)) . '</span> <code>' . h($r['file_sha256'])
                . '</code></div></div>';
        }
        $out .= '</li>';
    }
    return $out . "</ul>\n";
}

/** The offer: the library's one answer (renewal or payment, or why there is none), with the button to ask for it. */
function offer_block(Ledger $ledger, int $id, int $kind): string
{
    $offer = $ledger->offer($id, Portal::$today);
    $q = $offer->quote();
    $out = "<section class=\"offer\">\n<h3>" . h(term(Term::OFFER)) . "</h3>\n";
    if ($q === null)
        return $out . '<p class="no-offer" data-reason="' . h($offer->reasonName()) . '">'
            . h(LibSupport\render_no_offer($offer, Lang::RU)) . "</p>\n</section>\n";
    $out .= "<dl>\n"
        . '<dt>' . h(term(Term::OFFER_KIND)) . '</dt><dd class="offer-kind">' . h(lbl(LabelSet::QUOTE_KIND, $q->kind()))
        . "</dd>\n"
        . '<dt>' . h(term(Term::FEE)) . '</dt><dd class="fee">' . h(ru_money($q->fee())) . "</dd>\n"
        . '<dt>' . h(term(Term::LIST_PRICE)) . '</dt><dd class="list-price">' . h(ru_money($q->listPrice())) . "</dd>\n"
        . '<dt>' . h(lbl(LabelSet::NEW_SUPPORT_END, $kind)) . '</dt><dd class="new-until">'
        . h(LibSupport\render_date_inclusive($q->newSupportUntil(), Lang::RU)) . "</dd>\n"
        . '<dt>' . h(term(Term::VALID_THROUGH)) . '</dt><dd class="valid-through">'
        . h(LibSupport\render_validity($q, Lang::RU)) . "</dd>\n</dl>\n"
        . post_button("/license/$id/renew", lbl(LabelSet::RENEW_ACTION, $kind), 'renew');
    try { /* asked for already: the invoice awaiting payment, in the library's words */
        $inv = $ledger->openInvoice($id, Portal::$today);
        $out .= '<p class="awaiting-payment"><a href="' . h(url('/invoice/' . $inv->number())) . '">'
            . h($inv->renderState(Portal::$today, Lang::RU)) . "</a></p>\n";
    } catch (LibSupport\NotFoundException $e) {
        /* no invoice awaiting payment */
    }
    return $out . "</section>\n";
}

/** The license key: a new one shown once, else what may be shown of the current one, and the button to replace it. */
function key_block(Ledger $ledger, int $id, ?string $new_key): string
{
    $out = "<section class=\"key\">\n<h3>" . h(term(Term::LICENSE_KEY)) . "</h3>\n";
    if ($new_key !== null) {
        $out .= '<p class="new-key"><span>' . h(term(Term::NEW_KEY)) . '</span> <code class="license-key">' . h($new_key)
            . "</code></p>\n<p class=\"once\">" . h(phrase(PortalPhrase::KEY_SHOWN_ONCE)) . "</p>\n";
    } else {
        $info = $ledger->licenseKeyInfo($id);
        if ($info['has_key']) {
            $out .= '<p class="hint">' . h(term(Term::KEY_ENDS_WITH)) . ' <code class="key-hint">…' . h($info['hint'])
                . "</code></p>\n";
            if ($info['issued_at'] > 0) {
                $d = (new DateTimeImmutable('@' . intdiv($info['issued_at'], 1000)))
                    ->setTimezone(new DateTimeZone(config_text('portal', 'time_zone')));
                $out .= '<p class="issued">' . h(term(Term::KEY_ISSUED)) . ' ' . h(ru_date($d->format('Y-m-d'))) . "</p>\n";
            }
        }
    }
    $out .= '<p class="rotate">' . h(phrase(PortalPhrase::KEY_ROTATE)) . "</p>\n"
        . post_button("/license/$id/key", term(Term::REPLACE_KEY), 'replace-key');
    return $out . "</section>\n";
}

/**
 * One license today: status, support end, releases (with their files and download links) and those that
 * need a renewal, the offer, the key, the library's notice.
 */
function license_card(Ledger $ledger, array $row, bool $heading_link, ?string $new_key): string
{
    $id = (int)$row['license'];
    $product = products($ledger)[$row['product']];
    $today = Portal::$today;
    $kind = (int)$row['kind'];
    $status = $ledger->licenseStatus($id, $today);
    $state = $status->state();
    $title = '«' . $product['name'] . '»';
    $head = $heading_link ? '<a href="' . h(url("/license/$id")) . '">' . h($title) . '</a>' : h($title);
    $out = '<article class="license state-' . h($status->stateName()) . '" id="license-' . $id . '" data-license="'
        . $id . '" data-state="' . h($status->stateName()) . "\">\n"
        . '<h2>' . $head . ' <span class="product-code">' . h($product['code']) . "</span></h2>\n"
        . '<p class="meta">' . h(term(Term::LICENSE)) . ' № ' . $id . ' · ' . h(lbl(LabelSet::LICENSE_KIND, $kind))
        . ' · ' . h(term(Term::PURCHASED)) . ' ' . h(ru_date($row['purchased'])) . "</p>\n";
    $out .= "<dl class=\"facts\">\n"
        . '<dt>' . h(term(Term::STATUS)) . '</dt><dd class="status"><span class="badge">'
        . h(LibSupport\state_label($state, $kind, Lang::RU)) . "</span></dd>\n";
    $until = $status->supportUntil();
    if ($until !== null) {
        $out .= '<dt>' . h(lbl(LabelSet::SUPPORT_END, $kind)) . '</dt><dd class="support-until">'
            . h(LibSupport\render_date_inclusive($until, Lang::RU)) . "</dd>\n";
        if ($status->preferentialUntil() !== null && $state === LibSupport\State::GRACE)
            $out .= '<dt>' . h(term(Term::PREFERENTIAL_UNTIL)) . '</dt><dd class="preferential-until">'
                . h(LibSupport\render_date_inclusive($status->preferentialUntil(), Lang::RU)) . "</dd>\n";
        $out .= '<dt>' . h(term(Term::CONSULTATIONS)) . '</dt><dd>'
            . availability(Term::CONSULTATIONS, $status->canConsult()) . "</dd>\n"
            . '<dt>' . h(term(Term::NEW_VERSIONS)) . '</dt><dd>'
            . availability(Term::NEW_VERSIONS, $status->canGetNewVersions()) . "</dd>\n";
    }
    $out .= "</dl>\n";
    if ($until === null)
        return $out . "</article>\n";
    $allowed = $needs = [];
    foreach ($ledger->listReleases($id, $today) as $r) {
        if ($r['allowed'])
            $allowed[] = $r;
        else
            $needs[] = $r;
    }
    $none = h(term(Term::NONE));
    $out .= "<section class=\"downloads\">\n<h3>" . h(term(Term::RELEASES)) . "</h3>\n"
        . '<h4>' . h(term(Term::DOWNLOADABLE)) . '</h4>'
        . ($allowed ? release_list($allowed, true) : "<p class=\"none allowed\">$none</p>\n")
        . '<h4>' . h(lbl(LabelSet::NEEDS, $kind)) . '</h4>'
        . ($needs ? release_list($needs, false) : "<p class=\"none needs-renewal\">$none</p>\n")
        . "</section>\n";
    $out .= offer_block($ledger, $id, $kind) . key_block($ledger, $id, $new_key);
    $notice = new Notice(Lang::RU, NoticeFormat::HTML);
    $notice->setCustomerName($row['customer_name']);
    $notice->setProductName($product['name']);
    $out .= "<section class=\"notice\">\n<h3>Сообщение для клиента</h3>\n" . $ledger->renderNotice($id, $today, $notice)
        . "</section>\n";
    return $out . "</article>\n";
}

/** How to reach support: the channels of the policy in force today, as the notice lists them. */
function contacts_block(Ledger $ledger): string
{
    $policy = $ledger->getPolicy(Portal::$today);
    $out = "<section class=\"contacts\">\n<h2>" . h(term(Term::CONTACTS)) . "</h2>\n<ul>\n";
    foreach ($policy->contacts() as $c)
        $out .= '<li class="channel">' . h(LibSupport\render_contact($c['kind'], $c['value'], Lang::RU)) . "</li>\n";
    $out .= "</ul>\n";
    if (!$policy->phoneSupport())
        $out .= '<p class="no-phone">' . h(term(Term::NO_PHONE)) . "</p>\n";
    return $out . "</section>\n";
}
