<?php
/*
 * What the pages show about licenses and customers. Every fact is a ledger
 * query or a library call made here; the PHP only chooses labels and layout.
 */
declare(strict_types=1);

require_once __DIR__ . '/site.php';

use LibSupport\{Ledger, Policy, Notice, NoticeFormat, Lang, LicenseKind, State};

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

function yes_no(bool $v, string $yes = 'доступны', string $no = 'недоступны'): string
{
    return '<span class="' . ($v ? 'yes' : 'no') . '">' . h($v ? $yes : $no) . '</span>';
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
    $sub = is_subscription($kind);

    $title = '«' . $product['name'] . '»';
    $head = $heading_link ? '<a href="' . h(site_url('license', ['id' => (string)$id])) . '">' . h($title) . '</a>'
                          : h($title);
    $out = '<article class="license state-' . h($status->stateName()) . '" id="license-' . $id . '" data-license="'
        . $id . '" data-state="' . h($status->stateName()) . "\">\n"
        . '<h2>' . $head . ' <span class="product-code">' . h($product['code']) . "</span></h2>\n"
        . '<p class="meta">Лицензия № ' . $id . ' · ' . h(kind_label($kind)) . ' · приобретена '
        . h(ru_date($license->purchased())) . "</p>\n";

    $out .= "<dl class=\"facts\">\n"
        . '<dt>Статус</dt><dd class="status"><span class="badge">' . h(state_label($state, $kind)) . "</span></dd>\n";
    if ($state !== State::NOT_OWNED) {
        $out .= '<dt>' . ($sub ? 'Подписка оплачена до' : 'Поддержка до') . '</dt><dd class="support-until">'
            . h(ru_date($status->supportUntil())) . " включительно</dd>\n";
        if (!$sub && $status->preferentialUntil() !== null)
            $out .= '<dt>Льготное продление до</dt><dd class="preferential-until">'
                . h(ru_date($status->preferentialUntil())) . " включительно</dd>\n";
        $out .= '<dt>Консультации</dt><dd>' . yes_no($status->canConsult()) . "</dd>\n"
            . '<dt>Новые версии</dt><dd>' . yes_no($status->canGetNewVersions()) . "</dd>\n";
    }
    $out .= "</dl>\n";

    if ($state !== State::NOT_OWNED) {
        $allowed = $needs = [];
        foreach ($ledger->listReleases($id, $on) as $r) {
            if ($r['allowed'])
                $allowed[] = $r;
            else
                $needs[] = $r;
        }
        $out .= "<section class=\"downloads\">\n<h3>Версии</h3>\n"
            . '<h4>Можно скачать</h4>' . ($allowed ? release_list($allowed, 'allowed')
                                                   : "<p class=\"none allowed\">нет</p>\n")
            . '<h4>Нужно продление</h4>' . ($needs ? release_list($needs, 'needs-renewal')
                                                   : "<p class=\"none needs-renewal\">нет</p>\n")
            . "</section>\n";

        /* The library's one answer: the renewal or the payment quote, or the reason there is none. */
        $offer = $ledger->offer($id, $on);
        $q = $offer->quote();
        $out .= "<section class=\"offer\">\n<h3>Предложение</h3>\n";
        if ($q === null) {
            $out .= '<p class="no-offer" data-reason="' . h($offer->reasonName()) . '">Предложения на эту дату нет: '
                . h($offer->reasonName()) . "</p>\n";
        } else {
            $through = $q->validThrough();
            $out .= "<dl>\n"
                . '<dt>Вид</dt><dd class="offer-kind">' . h(quote_label($q->kind())) . "</dd>\n"
                . '<dt>Стоимость</dt><dd class="fee">' . h(ru_money($q->fee())) . "</dd>\n"
                . ($sub ? '' : '<dt>Цена продукта</dt><dd class="list-price">' . h(ru_money($q->listPrice())) . "</dd>\n")
                . '<dt>' . ($sub ? 'После оплаты подписка до' : 'После оплаты поддержка до') . '</dt><dd class="new-until">'
                . h(ru_date($q->newSupportUntil())) . " включительно</dd>\n"
                . '<dt>Цена действует</dt><dd class="valid-through">'
                . ($through === null || $through === SITE_NO_END ? 'без ограничения срока, пока не изменятся цена или условия'
                                                                 : 'до ' . h(ru_date($through)) . ' включительно')
                . "</dd>\n</dl>\n";
        }
        $out .= "</section>\n";
    }

    /* The customer-facing text: the library renders and escapes it (HTML fragment), with the
     * ledger's price history and every policy version, so its offer agrees with the quote above. */
    $notice = new Notice(Lang::RU, NoticeFormat::HTML);
    $notice->setCustomerName($customer['name']);
    $notice->setProductName($product['name']);
    $html = $ledger->renderNotice($id, $on, $notice);
    $out .= "<section class=\"notice\">\n<h3>Сообщение для клиента</h3>\n" . $html . "</section>\n";
    return $out . "</article>\n";
}

/** How to reach support: the channels of the policy in force on the date. */
function contacts_block(Policy $policy): string
{
    $out = "<section class=\"contacts\">\n<h2>Как с нами связаться</h2>\n<ul>\n";
    foreach ($policy->contacts() as $c)
        $out .= '<li><span class="channel">' . h(contact_label($c['kind'])) . ':</span> <span class="value">'
            . h($c['value']) . "</span></li>\n";
    $out .= "</ul>\n";
    if (!$policy->phoneSupport())
        $out .= "<p class=\"no-phone\">По телефону поддержка не осуществляется.</p>\n";
    return $out . "</section>\n";
}
