<?php
/*
 * A tiny page for test_server.php, served by PHP's built-in web server with
 * the extension: /?purchased=2026-01-15&on=2026-07-20 answers with JSON.
 */
header('Content-Type: application/json; charset=utf-8');
if (isset($_GET['token'])) { /* lets the test know it reached this server, not another one on a reused port */
    echo json_encode(['token' => (string)$_GET['token']]);
    return;
}
try {
    $product = new LibSupport\Product(LibSupport\LicenseKind::PERPETUAL, 6);
    $product->setPrice('2026-01-01', 799000);
    $license = new LibSupport\License($product, $_GET['purchased'] ?? '2026-01-15');
    $on = $_GET['on'] ?? '2026-07-20';
    $status = $license->status($on);
    $quote = $license->quote($product, $on);
    $notice = new LibSupport\Notice(LibSupport\Lang::RU, LibSupport\NoticeFormat::HTML);
    echo json_encode([
        'state' => $status->stateName(),
        'support_until' => $status->supportUntil(),
        'fee' => $quote->fee(),
        'fee_text' => LibSupport\format_money($quote->fee(), LibSupport\MoneyStyle::RU),
        'valid_through' => $quote->validThrough(),
        'notice' => $notice->render($license, $product, $on),
        'live' => array_column(LibSupport\_live_objects(), 'count', 'cls'),
    ], JSON_UNESCAPED_UNICODE);
} catch (LibSupport\Exception $e) {
    http_response_code(400);
    echo json_encode(['error' => get_class($e), 'message' => $e->getMessage(), 'code' => $e->getCode()],
                     JSON_UNESCAPED_UNICODE);
}
