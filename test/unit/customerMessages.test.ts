// S16, S18: what staff and gateways see of a customer's phone number.
import { maskPhone } from '../../services/customerMessages';

test.each([
  ['+86 512 6666 1234', '+** *** **** 1234'],
  ['13800001234', '*******1234'],
  ['0512-66661234', '****-****1234'],
  ['1234', '1234'],
])('maskPhone(%s) hides every digit but the last four', (phone, masked) => {
  expect(maskPhone(phone)).toBe(masked);
});
