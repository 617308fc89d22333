import { execFileSync } from 'node:child_process'

/**
 * Runs seed 000's receiver in the real `php`: for each case, `parse_str` of the body
 * (PHP's own `$_POST` parser), the parsed array in order (keys and values hex-encoded), and the
 * signed string and signature seed 000's `ksort` code makes from it.
 */
export interface PhpCase {
  /** The raw body. */
  body: Buffer
  url: string
  key: string
}
export type PhpTree = Array<[keyHex: string, value: string | PhpTree]>
export interface PhpResult {
  tree: PhpTree
  signedHex: string
  signature: string
}

const SCRIPT = String.raw`
error_reporting(0);
function dump($a) { $out = []; foreach ($a as $k => $v) { $out[] = [bin2hex((string)$k), is_array($v) ? dump($v) : bin2hex($v)]; } return $out; }
$results = [];
foreach (json_decode(file_get_contents("php://stdin"), true) as $c) {
  $params = [];
  parse_str(hex2bin($c["body"]), $params);
  $tree = dump($params);
  $signedData = $c["url"];
  ksort($params);
  foreach ($params as $key => $value) {
    if (is_array($value) && !empty($value)) {
      foreach ($value as $subkey => $subvalue) { $signedData .= $subkey; $signedData .= $subvalue; }
    } else { $signedData .= $key; $signedData .= $value; }
  }
  $results[] = ["tree" => $tree, "signedHex" => bin2hex($signedData), "signature" => base64_encode(hash_hmac("sha1", $signedData, $c["key"], true))];
}
echo json_encode($results);
`

/** Whether `php` runs here. */
export function phpAvailable(): boolean {
  try {
    execFileSync('php', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** All cases in one `php` process. */
export function runPhp(cases: readonly PhpCase[]): PhpResult[] {
  const input = JSON.stringify(cases.map((c) => ({ body: c.body.toString('hex'), url: c.url, key: c.key })))
  return JSON.parse(execFileSync('php', ['-d', 'max_input_vars=100000', '-r', SCRIPT], { input, maxBuffer: 64 * 1024 * 1024 }).toString()) as PhpResult[]
}
