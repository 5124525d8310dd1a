<?php
/*
 * The list of customers: / [?on=2026-11-26] — each customer with the status
 * of every license on the date. PHP's built-in server also sends here every
 * path that names no file; those get a 404 page.
 */
declare(strict_types=1);

require __DIR__ . '/_site/views.php';

site_run(function (): Page {
    $path = parse_url((string)($_SERVER['REQUEST_URI'] ?? '/'), PHP_URL_PATH);
    if (($_SERVER['PATH_INFO'] ?? '') !== '' || ($path !== '/' && $path !== '/index.php'))
        throw new SiteError(404, 'Страница не найдена', 'Такой страницы на сайте нет.');
    $on = site_today();
    $ledger = site_ledger();
    $products = products($ledger);

    $by_customer = [];
    foreach ($ledger->listLicenses($on) as $row)
        $by_customer[$row['customer']][] = $row;

    $main = "<h1>Клиенты</h1>\n" . date_form('index', [], $on)
        . "<table class=\"customers\">\n<thead><tr><th>Код</th><th>Клиент</th><th>Лицензии на "
        . h(ru_date($on)) . "</th></tr></thead>\n<tbody>\n";
    foreach ($ledger->listCustomers() as $c) {
        $items = '';
        foreach ($by_customer[$c['customer']] ?? [] as $l) {
            $items .= '<li class="state-' . h(LibSupport\state_name($l['state'])) . '">'
                . '<a href="' . h(site_url('license', ['id' => (string)$l['license']])) . '">'
                . h($products[$l['product']]['name']) . '</a> — <span class="badge">'
                . h(LibSupport\state_label($l['state'], $l['kind'], LibSupport\Lang::RU)) . '</span>, '
                . h(LibSupport\render_through($l['support_until'], LibSupport\Lang::RU)) . '</li>';
        }
        $main .= '<tr data-code="' . h($c['code']) . '"><td><a href="'
            . h(site_url('customer', ['code' => $c['code']])) . '">' . h($c['code']) . '</a></td><td>'
            . h($c['name']) . '</td><td>' . ($items === '' ? 'нет лицензий' : "<ul>$items</ul>") . "</td></tr>\n";
    }
    $main .= "</tbody>\n</table>\n";
    return new Page('Клиенты', $main);
});
