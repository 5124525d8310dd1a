<?php
/*
 * The customer portal's one entry point (docs/portal.md): nginx sends every
 * request but the style sheet here; under PHP's built-in server this file is
 * also the router (php -S … portal/public/index.php), and static files are
 * served as they are.
 */
declare(strict_types=1);

if (PHP_SAPI === 'cli-server' && ($_SERVER['REQUEST_URI'] ?? '') === '/style.css')
    return false;

require __DIR__ . '/../lib/portal.php';
portal_main();
