<?php
/*
 * What the pages show about licenses and customers. Every fact is a ledger
 * query or a library call made here, and every word about them is the
 * library's (LibSupport\label, state_label, render_*): the PHP only lays them out.
 */
declare(strict_types=1);

require_once __DIR__ . '/site.php';

use LibSupport\{Ledger, Policy, Notice, NoticeFormat, Lang, LabelSet, Term};

if (realpath((string)($_SERVER['SCRIPT_FILENAME'] ?? '')) === __FILE__) {
    site_run(fn() => throw new SiteError(404, 'Страница не найдена', 'Такой страницы на сайте нет.'));
    exit;
}

/** The catalogue: product id => ['product', 'code', 'name', 'kind', 'support_months']. */
function products(Ledger $ledger): array
{
    $out = [];
    foreach ($ledger->listProducts() as $row)
        $out[$row['product']] = $row;
    return $out;
}

/** Whether a right is given, in the library's words (доступны / недоступно …). */
function availability(int $term, bool $v): string
{
    return '<span class="' . ($v ? 'yes' : 'no') . '">' . h(LibSupport\availability_label($term, $v, Lang::RU)) . '</span>';
}

function release_list(array $releases, string $class): string
{
    $out = '<ul class="releases ' . $class . '">';
    foreach ($releases as $r) {
        $out .= '<li data-version="' . h($r['version']) . '"><span class="version">' . h($r['version']) . '</span>'
            . ' <span class="released">от ' . h(ru_date($r['released'])) . '</span>'
            . ($r['note'] !== null && $r['note'] !== '' ? ' <span class="note">— ' . h($r['note']) . '</span>' : '')
            . '</li>';
    }
    return $out . "</ul>\n";
}

/**
 * One license on a date: status, support end, releases it may download and those that need a renewal, the
 * renewal (or payment) offer, and the customer's notice rendered by the library as HTML.
 */
function license_card(Ledger $ledger, int $id, array $product, array $customer, string $on,
                      bool $heading_link): string
{
    $license = $ledger->getLicense($id);
    $kind = $license->kind();
    $status = $ledger->licenseStatus($id, $on);
    $state = $status->state();

    $title = '«' . $product['name'] . '»';
    $head = $heading_link ? '<a href="' . h(site_url('license', ['id' => (string)$id])) . '">' . h($title) . '</a>'
                          : h($title);
    $out = '<article class="license state-' . h($status->stateName()) . '" id="license-' . $id . '" data-license="'
        . $id . '" data-state="' . h($status->stateName()) . "\">\n"
        . '<h2>' . $head . ' <span class="product-code">' . h($product['code']) . "</span></h2>\n"
        . '<p class="meta">' . h(term(Term::LICENSE)) . ' № ' . $id . ' · ' . h(lbl(LabelSet::LICENSE_KIND, $kind))
        . ' · ' . h(term(Term::PURCHASED)) . ' ' . h(ru_date($license->purchased())) . "</p>\n";

    $out .= "<dl class=\"facts\">\n"
        . '<dt>' . h(term(Term::STATUS)) . '</dt><dd class="status"><span class="badge">'
        . h(LibSupport\state_label($state, $kind, Lang::RU)) . "</span></dd>\n";
    $until = $status->supportUntil(); // null before the purchase
    if ($until !== null) {
        $out .= '<dt>' . h(lbl(LabelSet::SUPPORT_END, $kind)) . '</dt><dd class="support-until">'
            . h(LibSupport\render_date_inclusive($until, Lang::RU)) . "</dd>\n";
        if ($status->preferentialUntil() !== null)
            $out .= '<dt>' . h(term(Term::PREFERENTIAL_UNTIL)) . '</dt><dd class="preferential-until">'
                . h(LibSupport\render_date_inclusive($status->preferentialUntil(), Lang::RU)) . "</dd>\n";
        $out .= '<dt>' . h(term(Term::CONSULTATIONS)) . '</dt><dd>'
            . availability(Term::CONSULTATIONS, $status->canConsult()) . "</dd>\n"
            . '<dt>' . h(term(Term::NEW_VERSIONS)) . '</dt><dd>'
            . availability(Term::NEW_VERSIONS, $status->canGetNewVersions()) . "</dd>\n";
    }
    $out .= "</dl>\n";

    if ($until !== null) {
        $allowed = $needs = [];
        foreach ($ledger->listReleases($id, $on) as $r) {
            if ($r['allowed'])
                $allowed[] = $r;
            else
                $needs[] = $r;
        }
        $none = h(term(Term::NONE));
        $out .= "<section class=\"downloads\">\n<h3>" . h(term(Term::RELEASES)) . "</h3>\n"
            . '<h4>' . h(term(Term::DOWNLOADABLE)) . '</h4>'
            . ($allowed ? release_list($allowed, 'allowed') : "<p class=\"none allowed\">$none</p>\n")
            . '<h4>' . h(lbl(LabelSet::NEEDS, $kind)) . '</h4>'
            . ($needs ? release_list($needs, 'needs-renewal') : "<p class=\"none needs-renewal\">$none</p>\n")
            . "</section>\n";

        /* The library's one answer: the renewal or the payment quote, or the reason there is none. */
        $offer = $ledger->offer($id, $on);
        $q = $offer->quote();
        $out .= "<section class=\"offer\">\n<h3>" . h(term(Term::OFFER)) . "</h3>\n";
        if ($q === null) {
            $out .= '<p class="no-offer" data-reason="' . h($offer->reasonName()) . '">'
                . h(LibSupport\render_no_offer($offer, Lang::RU)) . "</p>\n";
        } else {
            $out .= "<dl>\n"
                . '<dt>' . h(term(Term::OFFER_KIND)) . '</dt><dd class="offer-kind">'
                . h(lbl(LabelSet::QUOTE_KIND, $q->kind())) . "</dd>\n"
                . '<dt>' . h(term(Term::FEE)) . '</dt><dd class="fee">' . h(ru_money($q->fee())) . "</dd>\n"
                . '<dt>' . h(term(Term::LIST_PRICE)) . '</dt><dd class="list-price">' . h(ru_money($q->listPrice()))
                . "</dd>\n"
                . '<dt>' . h(lbl(LabelSet::NEW_SUPPORT_END, $kind)) . '</dt><dd class="new-until">'
                . h(LibSupport\render_date_inclusive($q->newSupportUntil(), Lang::RU)) . "</dd>\n"
                . '<dt>' . h(term(Term::VALID_THROUGH)) . '</dt><dd class="valid-through">'
                . h(LibSupport\render_validity($q, Lang::RU)) . "</dd>\n</dl>\n";
        }
        $out .= "</section>\n";
    }

    /* The customer-facing text: the library renders and escapes it (HTML fragment), with the
     * ledger's price history and every policy version, so its offer agrees with the one above. */
    $notice = new Notice(Lang::RU, NoticeFormat::HTML);
    $notice->setCustomerName($customer['name']);
    $notice->setProductName($product['name']);
    $html = $ledger->renderNotice($id, $on, $notice);
    $out .= "<section class=\"notice\">\n<h3>Сообщение для клиента</h3>\n" . $html . "</section>\n";
    return $out . "</article>\n";
}

/** How to reach support: the channels of the policy in force on the date, as the notice lists them. */
function contacts_block(Policy $policy): string
{
    $out = "<section class=\"contacts\">\n<h2>" . h(term(Term::CONTACTS)) . "</h2>\n<ul>\n";
    foreach ($policy->contacts() as $c)
        $out .= '<li class="channel">' . h(LibSupport\render_contact($c['kind'], $c['value'], Lang::RU)) . "</li>\n";
    $out .= "</ul>\n";
    if (!$policy->phoneSupport())
        $out .= '<p class="no-phone">' . h(term(Term::NO_PHONE)) . "</p>\n";
    return $out . "</section>\n";
}
